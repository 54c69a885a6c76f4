'use client';

import { DANGER_BUTTON, ModalDialog } from '@/components/ui/ModalDialog';

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
  const lowering = to < from;
  return (
    <ModalDialog
      testId="confirm-threshold"
      danger={lowering}
      onCancel={onCancel}
      title={
        <>
          Set the live threshold step: {from.toFixed(2)} → {to.toFixed(2)}?
        </>
      }
    >
      <div>
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
        <button data-autofocus type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={onConfirm}
          style={lowering ? DANGER_BUTTON : undefined}
        >
          Confirm {from.toFixed(2)} → {to.toFixed(2)}
        </button>
      </div>
    </ModalDialog>
  );
}
