'use client';

import { useId } from 'react';

/** An action waiting for its confirmation: what it is, and exactly what it changes. */
export interface PendingAction {
  title: string;
  /** What changes, in a sentence the person confirms. */
  consequence: string;
  confirmLabel: string;
  run: () => void;
}

/**
 * Asks before an action, inline where it was asked for: states what changes, Confirm or Cancel.
 * `danger` marks one that takes something away (access, a subscription); `busyLabel` says what
 * the confirmed action is doing while it runs.
 */
export function ConfirmBox({
  action,
  busy,
  busyLabel = 'Working…',
  danger = false,
  onCancel,
}: {
  action: PendingAction;
  busy: boolean;
  busyLabel?: string;
  danger?: boolean;
  onCancel: () => void;
}) {
  const titleId = useId();
  return (
    <div
      role="alertdialog"
      aria-labelledby={titleId}
      className="panel"
      style={{ borderColor: danger ? 'var(--danger)' : undefined, margin: '0.75rem 0' }}
    >
      <strong id={titleId}>{action.title}</strong>
      <p style={{ margin: '0.5rem 0' }}>{action.consequence}</p>
      <div className="row">
        <button type="button" onClick={action.run} disabled={busy}>
          {busy ? busyLabel : action.confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
