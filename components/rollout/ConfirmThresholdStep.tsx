'use client';

import { useEffect, useId, useRef } from 'react';

/**
 * The confirmation an admin's hand-set step asks for, stating what changes: the live threshold
 * from → to, that the evidence for the next step restarts, and the audited reason. Focus starts
 * on Cancel; Esc cancels.
 */
export function ConfirmThresholdStep({
  from,
  to,
  reason,
  pending,
  onConfirm,
  onCancel,
}: {
  from: number;
  to: number;
  reason: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => dialog?.close();
  }, []);
  const lowering = to < from;
  return (
    <dialog
      ref={ref}
      className="confirm-threshold"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid="confirm-threshold"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      style={{
        maxWidth: 560,
        width: 'calc(100% - 2rem)',
        background: 'var(--panel)',
        color: 'var(--text)',
        border: `1px solid ${lowering ? 'var(--danger)' : 'var(--border)'}`,
        borderRadius: 8,
        padding: '1.25rem 1.5rem',
      }}
    >
      <style>{'dialog.confirm-threshold::backdrop { background: rgba(0, 0, 0, 0.6); }'}</style>
      <h2 id={titleId} style={{ marginTop: 0 }}>
        Set the live threshold step: {from.toFixed(2)} → {to.toFixed(2)}?
      </h2>
      <div id={bodyId}>
        <p>
          Live decisions will need a confidence of at least {to.toFixed(2)} (capped by the
          model&apos;s own live threshold)
          {lowering ? ': more, less certain live decisions.' : '.'} The evidence for the next step
          restarts from now.
        </p>
        <p>
          Reason (audited): <q>{reason}</q>
        </p>
      </div>
      <div className="row" style={{ alignItems: 'center' }}>
        <button ref={cancelRef} type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={onConfirm}
          style={
            lowering
              ? { background: 'transparent', borderColor: 'var(--danger)', color: 'var(--danger)' }
              : undefined
          }
        >
          Confirm {from.toFixed(2)} → {to.toFixed(2)}
        </button>
      </div>
    </dialog>
  );
}
