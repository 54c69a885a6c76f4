'use client';

import { useState } from 'react';
import type { AuditFilterText } from '@/lib/hooks/useAudit';
import { KNOWN_ACTIONS } from './auditFormat';

type TextKey = 'action' | 'actor' | 'q';

/**
 * The audit page's filters. Dates apply at once; the text fields when the form is submitted
 * (Enter or Apply), so typing does not query the log at every key.
 */
export function AuditFilters({
  filter,
  onChange,
}: {
  filter: AuditFilterText;
  onChange: (key: keyof AuditFilterText, value: string) => void;
}) {
  const [draft, setDraft] = useState({ action: filter.action, actor: filter.actor, q: filter.q });
  // The URL changed from elsewhere (Back, a link): show what it says.
  const [shown, setShown] = useState(filter);
  if (shown !== filter) {
    setShown(filter);
    setDraft({ action: filter.action, actor: filter.actor, q: filter.q });
  }
  const text = (
    key: TextKey,
    label: string,
    extra?: React.InputHTMLAttributes<HTMLInputElement>,
  ) => (
    <label>
      {label}
      <input
        type="text"
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        {...extra}
      />
    </label>
  );
  const changed = (['action', 'actor', 'q'] as const).some((k) => draft[k].trim() !== filter[k]);
  return (
    <form
      aria-label="Filter the audit log"
      onSubmit={(e) => {
        e.preventDefault();
        for (const key of ['action', 'actor', 'q'] as const)
          if (draft[key].trim() !== filter[key]) onChange(key, draft[key].trim());
      }}
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(10rem, 1fr))',
        columnGap: '1rem',
        alignItems: 'end',
      }}
    >
      {text('action', 'Action', { list: 'audit-actions', maxLength: 100, placeholder: 'any' })}
      <datalist id="audit-actions">
        {KNOWN_ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      {text('actor', 'Actor (exact)', { maxLength: 200, placeholder: 'e.g. internal' })}
      {text('q', 'Text in details', { maxLength: 100, placeholder: 'e.g. SPX' })}
      <label>
        From (UTC)
        <input
          type="date"
          value={filter.from}
          max={filter.to || undefined}
          onChange={(e) => onChange('from', e.target.value)}
        />
      </label>
      <label>
        to (UTC)
        <input
          type="date"
          value={filter.to}
          min={filter.from || undefined}
          onChange={(e) => onChange('to', e.target.value)}
        />
      </label>
      <div className="row" style={{ marginBottom: '0.75rem', gap: '0.5rem' }}>
        <button type="submit" disabled={!changed} title={changed ? undefined : 'Nothing to apply'}>
          Apply
        </button>
      </div>
    </form>
  );
}
