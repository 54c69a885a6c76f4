'use client';

import { useState } from 'react';
import { DANGER_BUTTON, ModalDialog } from '@/components/ui/ModalDialog';
import { useModelComparison, usePromoteCandidate, usePromotion } from '@/lib/hooks/useShadow';

/** The unmet conditions of a refused promotion (the 409's `unmet`), if the error carries them. */
function unmetOf(error: unknown): string[] {
  const body = (error as { body?: unknown } | null)?.body as { unmet?: unknown } | undefined;
  return Array.isArray(body?.unmet) ? body.unmet.filter((u) => typeof u === 'string') : [];
}

function PromoteDialog({
  candidate,
  active,
  canOverride,
  onClose,
}: {
  candidate: string;
  active: string;
  canOverride: boolean;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const promotion = usePromotion(candidate);
  const promote = usePromoteCandidate(candidate);
  const unmet = promotion.data?.unmet ?? [];
  const blocked = unmet.length > 0 && !override;
  const why =
    reason.trim().length < 3
      ? 'Say why (at least 3 characters)'
      : promotion.isPending
        ? 'Checking the conditions…'
        : blocked
          ? canOverride
            ? 'Conditions are unmet: tick the override to promote anyway'
            : 'Conditions are unmet: only an admin may override them'
          : null;
  return (
    <ModalDialog
      testId="promote-dialog"
      danger={unmet.length > 0}
      maxWidth={600}
      onCancel={onClose}
      title={<>Promote {candidate}?</>}
    >
      <p>
        What changes: {candidate} becomes the active model and {active} is retired. From the next
        cycle every prediction and score is made with {candidate}; its calibration starts afresh
        (identity until it has 150 matured pairs per horizon), and {active} becomes the
        &ldquo;previous model&rdquo; baseline. Audited with your reason.
      </p>
      {promotion.isPending ? (
        <p className="muted" role="status">
          Checking the conditions…
        </p>
      ) : promotion.error ? (
        <p className="error" role="alert">
          {promotion.error.message}
        </p>
      ) : unmet.length > 0 ? (
        <>
          <p className="error">Promotion is refused while these conditions are unmet:</p>
          <ul data-testid="promotion-unmet">
            {unmet.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      ) : (
        <p data-testid="promotion-eligible">
          Eligible: {promotion.data?.matured} matured shadow outcomes (at least{' '}
          {promotion.data?.required}), not worse than {active} on the card&apos;s targets.
        </p>
      )}
      <label style={{ display: 'block' }}>
        Reason (audited)
        <textarea
          name="reason"
          rows={2}
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          style={{ width: '100%' }}
        />
      </label>
      {unmet.length > 0 &&
        (canOverride ? (
          <label>
            <input
              type="checkbox"
              checked={override}
              onChange={(e) => setOverride(e.target.checked)}
            />{' '}
            Override the unmet conditions (admin; audited as forced)
          </label>
        ) : (
          <p className="muted">Only an admin may override unmet conditions.</p>
        ))}
      {promote.error && (
        <p className="error" role="alert">
          {promote.error.message}
          {unmetOf(promote.error).length > 0 && ` (${unmetOf(promote.error).length} unmet)`}
        </p>
      )}
      {promote.isSuccess && (
        <p role="status">
          {promote.data.promoted} is active{promote.data.forced ? ' (forced)' : ''}; {active} is
          retired.
        </p>
      )}
      <div className="row" style={{ alignItems: 'center' }}>
        <button type="button" className="secondary" onClick={onClose}>
          {promote.isSuccess ? 'Close' : 'Cancel'}
        </button>
        {!promote.isSuccess && (
          <button
            type="button"
            disabled={why !== null || promote.isPending}
            title={why ?? undefined}
            onClick={() =>
              promote.mutate({ reason: reason.trim(), ...(override ? { override: true } : {}) })
            }
            style={override ? DANGER_BUTTON : undefined}
          >
            {override ? 'Force promotion' : 'Promote'} {candidate}
          </button>
        )}
      </div>
      {why && <p className="muted">{why}</p>}
    </ModalDialog>
  );
}

/**
 * The candidate's promotion: a button (operators) opening a dialog that states what changes,
 * lists the unmet conditions of the dry run, takes the audited reason, and lets an admin
 * override.
 */
export function PromoteCandidate({
  canPromote,
  canOverride,
}: {
  canPromote: boolean;
  canOverride: boolean;
}) {
  const comparison = useModelComparison();
  const [open, setOpen] = useState(false);
  const candidate = comparison.data?.candidate?.id;
  const active = comparison.data?.active.id;
  if (!candidate || !active) return null;
  return (
    <div className="row" style={{ alignItems: 'center' }}>
      <button
        type="button"
        disabled={!canPromote}
        title={canPromote ? undefined : 'Promotion needs the operator role'}
        onClick={() => setOpen(true)}
      >
        Promote {candidate}…
      </button>
      {!canPromote && <span className="muted">Operators promote a candidate.</span>}
      {open && (
        <PromoteDialog
          candidate={candidate}
          active={active}
          canOverride={canOverride}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}
