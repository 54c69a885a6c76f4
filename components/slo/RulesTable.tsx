'use client';

import type { RuleStatus } from '@/lib/contracts/slo';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { Badge, type BadgeTone } from './GateBadge';
import { formatObserved } from './sloFormat';

/** Rules judged on matured outcomes lack outcomes, not traffic, when they cannot decide. */
const OUTCOME_RULES = new Set(['hit-rate-12h', 'ir-12h', 'no-skill-12h']);

function ruleBadge(rule: RuleStatus): { tone: BadgeTone; text: string } {
  switch (rule.state) {
    case 'breach':
      return { tone: 'fail', text: 'breach' };
    case 'insufficient':
      return {
        tone: 'warn',
        text: OUTCOME_RULES.has(rule.id) ? 'too few outcomes' : 'too little traffic',
      };
    default:
      return { tone: 'pass', text: 'ok' };
  }
}

const windowText = (minutes: number) =>
  minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;

const COLUMNS: Column<RuleStatus>[] = [
  {
    key: 'rule',
    header: 'Rule',
    cell: (rule) => (
      <>
        <strong>{rule.id}</strong>
        <div className="muted">{rule.description}</div>
      </>
    ),
  },
  { key: 'window', header: 'Window', cell: (rule) => windowText(rule.windowMinutes) },
  {
    key: 'action',
    header: 'On breach',
    cell: (rule) => (
      <>
        {rule.action === 'rollback' ? 'roll back to off' : 'down to preview'}
        <div className="muted">{rule.severity}</div>
      </>
    ),
  },
  {
    key: 'state',
    header: 'State',
    cell: (rule) => {
      const badge = ruleBadge(rule);
      return <Badge tone={badge.tone}>{badge.text}</Badge>;
    },
  },
  {
    key: 'why',
    header: 'Why',
    cell: (rule) => (
      <>
        {rule.reason}
        <div className="muted">{formatObserved(rule.id, rule.observed)}</div>
      </>
    ),
  },
];

/** Every automatic trigger rule with its state now and why. */
export function RulesTable({ rules }: { rules: RuleStatus[] }) {
  return (
    <section className="panel" aria-label="Trigger rules">
      <h2>Trigger rules</h2>
      <DataTable
        label="Trigger rules"
        columns={COLUMNS}
        rows={rules}
        rowKey={(rule) => rule.id}
        rowProps={(rule) => ({ 'data-testid': `rule-${rule.id}`, 'data-state': rule.state })}
      />
    </section>
  );
}
