'use client';

import { useId } from 'react';

/** An action waiting for its confirmation: what it is, and exactly what it changes. */
export interface PendingAction {
  title: string;
  /** What changes, in a sentence the admin confirms. */
  consequence: string;
  confirmLabel: string;
  run: () => void;
}

/** Asks before a change to someone's access: states what changes, Confirm or Cancel. */
export function ConfirmBox({
  action,
  busy,
  onCancel,
}: {
  action: PendingAction;
  busy: boolean;
  onCancel: () => void;
}) {
  const titleId = useId();
  return (
    <div
      role="alertdialog"
      aria-labelledby={titleId}
      className="panel"
      style={{ borderColor: 'var(--danger)', margin: '0.75rem 0' }}
    >
      <strong id={titleId}>{action.title}</strong>
      <p style={{ margin: '0.5rem 0' }}>{action.consequence}</p>
      <div className="row">
        <button type="button" onClick={action.run} disabled={busy}>
          {busy ? 'Working…' : action.confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
