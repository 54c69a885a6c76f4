'use client';

import { GATE_BANDS, type GateState } from '@/lib/domain/guardrails';
import { useSloStatus, type RuleStatusJson, type SloStatusJson } from '@/lib/hooks/useSlo';
import { Badge, GateBadge, type BadgeTone } from '@/components/slo/GateBadge';
import { QueryState } from '@/components/ui/QueryState';
import { RolloutPanel } from '@/components/rollout/RolloutPanel';
import { formatMs, formatObserved, formatPercent, formatSeconds } from '@/components/slo/sloFormat';

function GatesTable({ gates }: { gates: SloStatusJson['gates'] }) {
  const rows: { name: string; value: string; band: string; window: string; state: GateState }[] = [
    {
      name: 'p95 latency',
      value: formatMs(gates.p95),
      band: `pass ≤ ${GATE_BANDS.p95.pass} ms · warn ≤ ${GATE_BANDS.p95.warn} ms`,
      window: `15 min, ${gates.traffic.last15Minutes} requests`,
      state: gates.gates.p95,
    },
    {
      name: 'Data staleness',
      value: formatSeconds(gates.staleness),
      band: `pass ≤ ${GATE_BANDS.staleness.pass} s · warn ≤ ${GATE_BANDS.staleness.warn} s`,
      window: 'now, worst live feed',
      state: gates.gates.staleness,
    },
    {
      name: 'Error rate',
      value: formatPercent(gates.err),
      band: `pass ≤ ${GATE_BANDS.err.pass * 100} % · warn ≤ ${GATE_BANDS.err.warn * 100} %`,
      window: `30 min, ${gates.traffic.last30Minutes} requests`,
      state: gates.gates.err,
    },
    {
      name: 'Score rate',
      value: `${gates.scoreRate.perMinute.toFixed(1)} / min`,
      band:
        gates.scoreRate.required === null
          ? 'required only in live stages'
          : `≥ ${gates.scoreRate.required} / min`,
      window: '5 min',
      state: gates.scoreRate.state,
    },
  ];
  return (
    <section className="panel" aria-label="Gates">
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <h2>Gates</h2>
        <span>
          Overall <GateBadge state={gates.status} testId="gates-status" />
          {gates.advisory && <span className="error"> · decisions forced advisory</span>}
        </span>
      </div>
      <table aria-label="Gates">
        <thead>
          <tr>
            <th>Gate</th>
            <th>Value</th>
            <th>Window</th>
            <th>Bands</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td>{r.name}</td>
              <td>{r.value}</td>
              <td className="muted">{r.window}</td>
              <td className="muted">{r.band}</td>
              <td>
                <GateBadge state={r.state} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {gates.reasons.length > 0 && (
        <ul>
          {gates.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Rules judged on matured outcomes lack outcomes, not traffic, when they cannot decide. */
const OUTCOME_RULES = new Set(['hit-rate-12h', 'ir-12h', 'no-skill-12h']);

function ruleBadge(rule: RuleStatusJson): { tone: BadgeTone; text: string } {
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

function RulesTable({ rules }: { rules: SloStatusJson['rules'] }) {
  return (
    <section className="panel" aria-label="Trigger rules">
      <h2>Trigger rules</h2>
      <QueryState isPending={false} error={null} isEmpty={rules.length === 0}>
        <table aria-label="Trigger rules">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Window</th>
              <th>On breach</th>
              <th>State</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => {
              const badge = ruleBadge(rule);
              return (
                <tr key={rule.id} data-testid={`rule-${rule.id}`} data-state={rule.state}>
                  <td>
                    <strong>{rule.id}</strong>
                    <div className="muted">{rule.description}</div>
                  </td>
                  <td>{windowText(rule.windowMinutes)}</td>
                  <td>
                    {rule.action === 'rollback' ? 'roll back to off' : 'down to preview'}
                    <div className="muted">{rule.severity}</div>
                  </td>
                  <td>
                    <Badge tone={badge.tone}>{badge.text}</Badge>
                  </td>
                  <td>
                    {rule.reason}
                    <div className="muted">{formatObserved(rule.id, rule.observed)}</div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </QueryState>
    </section>
  );
}

const SLOS = ['availability', 'latency', 'freshness'] as const;
const WINDOWS = ['1h', '6h', '3d'] as const;

function BurnRateTable({ rows }: { rows: SloStatusJson['burnRates'] }) {
  const cell = (slo: string, window: string) =>
    rows.find((r) => r.slo === slo && r.window === window);
  return (
    <section className="panel" aria-label="Error-budget burn rates">
      <h2>Error-budget burn rates</h2>
      <p className="muted">
        1 spends the budget exactly as fast as allowed; above 1 (red) it runs out early.
      </p>
      <table aria-label="Burn rates">
        <thead>
          <tr>
            <th>SLO (budget)</th>
            {WINDOWS.map((w) => (
              <th key={w}>{w}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {SLOS.map((slo) => (
            <tr key={slo}>
              <th scope="row">
                {slo} ({formatPercent(cell(slo, '1h')?.budget ?? null)})
              </th>
              {WINDOWS.map((w) => {
                const r = cell(slo, w);
                const hot = r?.burnRate != null && r.burnRate > 1;
                return (
                  <td
                    key={w}
                    data-testid={`burn-${slo}-${w}`}
                    className={hot ? 'error' : undefined}
                    style={hot ? { fontWeight: 700 } : undefined}
                  >
                    {r?.burnRate == null ? (
                      <span className="muted">no data</span>
                    ) : (
                      <>
                        ×{r.burnRate.toFixed(2)}{' '}
                        <span className="muted">
                          ({r.bad} bad of {r.total})
                        </span>
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Eligibility({ e }: { e: SloStatusJson['eligibility'] }) {
  return (
    <section className="panel" aria-label="Promotion eligibility">
      <h2>Promotion eligibility</h2>
      {e.requiredHours === null ? (
        <p data-testid="eligibility">
          At {e.currentStage}: <span className="muted">{e.reason}</span>
        </p>
      ) : (
        <p data-testid="eligibility">
          {e.currentStage} → {e.next ?? '(last stage)'}: {e.metHours.toFixed(1)} h of{' '}
          {e.requiredHours} h with all gates passing{' '}
          <Badge tone={e.eligible ? 'pass' : 'muted'}>{e.eligible ? 'eligible' : 'not yet'}</Badge>
          <br />
          <span className="muted">{e.reason}</span>
        </p>
      )}
    </section>
  );
}

/** Gates, trigger rules, burn rates, promotion eligibility and the rollout controls. */
export function GuardrailsPanel({ canChange }: { canChange: boolean }) {
  const status = useSloStatus();
  const s = status.data;
  return (
    <>
      <QueryState isPending={status.isPending} error={status.error}>
        {s && (
          <>
            <GatesTable gates={s.gates} />
            <RulesTable rules={s.rules} />
            <BurnRateTable rows={s.burnRates} />
            <Eligibility e={s.eligibility} />
          </>
        )}
      </QueryState>
      <RolloutPanel canChange={canChange} eligibility={s?.eligibility} />
    </>
  );
}
