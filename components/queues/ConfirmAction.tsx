'use client';

import { useState } from 'react';

/**
 * A button that asks first: pressing it shows what will change and a Confirm / Cancel pair.
 * Disabled with the reason shown beside it when the action is not allowed.
 */
export function ConfirmAction({
  label,
  question,
  onConfirm,
  pending,
  disabledReason,
  danger = false,
}: {
  label: string;
  /** What will change, stated before anything happens. */
  question: string;
  onConfirm: () => void;
  pending: boolean;
  disabledReason?: string | null;
  danger?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (disabledReason)
    return (
      <span>
        <button type="button" className="secondary" disabled title={disabledReason}>
          {label}
        </button>{' '}
        <span className="muted">{disabledReason}</span>
      </span>
    );
  if (!asking)
    return (
      <button type="button" className="secondary" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span role="group" aria-label={`Confirm ${label.toLowerCase()}`}>
      <span>{question}</span>{' '}
      <button
        type="button"
        disabled={pending}
        style={danger ? { background: 'var(--danger)', borderColor: 'var(--danger)' } : undefined}
        onClick={() => {
          onConfirm();
          setAsking(false);
        }}
      >
        {pending ? 'Working…' : `Confirm ${label.toLowerCase()}`}
      </button>{' '}
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
