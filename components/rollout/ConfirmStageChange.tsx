'use client';

import { DANGER_BUTTON, ModalDialog } from '@/components/ui/ModalDialog';
import { liveShare, type RolloutStage } from '@/lib/domain/rollout';
import { STAGE_DESCRIPTIONS } from './stageText';

export interface StageChangeRequest {
  from: RolloutStage;
  to: RolloutStage;
  reason: string;
  /** An admin forcing past these unmet conditions. */
  force?: string[];
}

const share = (stage: RolloutStage) => `${Math.round(liveShare(stage) * 100)} %`;

/**
 * The confirmation every stage change asks for, stating what changes (from → to, who is affected
 * and, for a forced one, what it is forced past). Focus starts on Cancel, the safe choice; Esc
 * cancels.
 */
export function ConfirmStageChange({
  request,
  pending,
  onConfirm,
  onCancel,
}: {
  request: StageChangeRequest;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { from, to, force } = request;
  const lowering = liveShare(to) < liveShare(from) || to === 'off';
  const danger = lowering || (force?.length ?? 0) > 0;
  return (
    <ModalDialog
      testId="confirm-stage"
      danger={danger}
      onCancel={onCancel}
      title={
        <>
          {force?.length ? 'Force' : lowering ? 'Roll back' : 'Change'} the rollout stage: {from} →{' '}
          {to}?
        </>
      }
    >
      <div>
        <p>
          Who is affected: live decisions go from {share(from)} to {share(to)} of the (symbol,
          timeframe) pairs. At {to}: {STAGE_DESCRIPTIONS[to]}
        </p>
        <p>
          Reason (audited): <q>{request.reason}</q>
        </p>
        {force && force.length > 0 && (
          <>
            <p className="error">Eligibility does not allow this change. Forcing it past:</p>
            <ul data-testid="confirm-unmet">
              {force.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
            <p className="muted">It is audited as forced, with these conditions.</p>
          </>
        )}
      </div>
      <div className="row" style={{ alignItems: 'center' }}>
        <button data-autofocus type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={onConfirm}
          style={danger ? DANGER_BUTTON : undefined}
        >
          {force?.length ? 'Force' : 'Confirm'} {from} → {to}
        </button>
      </div>
    </ModalDialog>
  );
}
