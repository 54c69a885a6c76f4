'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { roleAtLeast, type Role } from '@/lib/auth/roles';
import type { Breach } from '@/lib/contracts/slo';
import { useLivePause } from '@/lib/hooks/useSlo';
import { AcknowledgeButton } from '@/components/slo/AcknowledgeButton';
import { formatTime } from '@/components/ui/format';
import { describeAction, formatObserved, ruleDescription } from '@/components/slo/sloFormat';

function PauseDialog({
  pause,
  canAcknowledge,
  onHide,
}: {
  pause: Breach;
  canAcknowledge: boolean;
  onHide: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // showModal makes the rest of the page inert (focus stays inside); the focus goes to the
    // safe action, so Enter closes the dialog and never acknowledges by accident.
    if (dialog && !dialog.open) dialog.showModal();
    safe.current?.focus();
    return () => {
      dialog?.close();
      // Back to where the viewer was.
      if (before?.isConnected) before.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="auto-pause"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      // Escape hides the dialog (a banner stays) so one can look around; the pause remains.
      onCancel={(event) => {
        event.preventDefault();
        onHide();
      }}
      style={{
        maxWidth: 'min(560px, calc(100vw - 2rem))',
        background: 'var(--panel)',
        color: 'var(--text)',
        border: '1px solid var(--danger)',
        borderRadius: 8,
        padding: '1.25rem 1.5rem',
      }}
    >
      <style>{'dialog.auto-pause::backdrop { background: var(--backdrop); }'}</style>
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'flex-start' }}>
        <h2 id={titleId} className="error" style={{ marginTop: 0 }}>
          Live decisions paused
        </h2>
        <button
          type="button"
          className="secondary"
          aria-label="Close (the pause stays)"
          title="Close: the pause stays until acknowledged"
          onClick={onHide}
        >
          ×
        </button>
      </div>
      <div id={bodyId}>
        <p>
          Breach #{pause.id} of rule <strong data-testid="pause-rule">{pause.rule}</strong> (
          {pause.severity}, {pause.window} window) at {formatTime(pause.ts)}
          {ruleDescription(pause.rule) ? `: ${ruleDescription(pause.rule)}.` : '.'}
        </p>
        <p>
          Observed:{' '}
          <span data-testid="pause-observed">{formatObserved(pause.rule, pause.observed)}</span>
        </p>
        <p data-testid="pause-action">{describeAction(pause)}</p>
      </div>
      <div className="row" style={{ alignItems: 'center' }}>
        <button ref={safe} type="button" className="secondary" onClick={onHide}>
          Keep paused and look around
        </button>
        {canAcknowledge && <AcknowledgeButton breachId={pause.id} />}
      </div>
      <p className="muted" style={{ marginBottom: 0, fontSize: '0.85em' }}>
        {canAcknowledge
          ? 'Acknowledging lets live stages be set again (audited). '
          : 'An operator must acknowledge this breach. '}
        Esc or Close hides this window: the pause stays until acknowledged.
      </p>
    </dialog>
  );
}

/**
 * Shown on every signed-in page while a critical live breach waits for acknowledgement
 * (polled through the light /api/slo/pause). Operators acknowledge it here; viewers only see it.
 */
export function AutoPauseModal({ role }: { role: Role }) {
  const pause = useLivePause().data ?? null;
  const [hiddenId, setHiddenId] = useState<string | null>(null);
  if (!pause) return null;
  if (hiddenId === pause.id) {
    return (
      <div
        className="panel error row"
        role="status"
        data-testid="pause-banner"
        style={{ margin: '1rem 1.5rem 0', alignItems: 'center', justifyContent: 'space-between' }}
      >
        <span>
          Live decisions paused by breach #{pause.id} ({pause.rule}): waiting for an operator.
        </span>
        <button type="button" className="secondary" onClick={() => setHiddenId(null)}>
          Show details
        </button>
      </div>
    );
  }
  return (
    <PauseDialog
      key={pause.id}
      pause={pause}
      canAcknowledge={roleAtLeast(role, 'operator')}
      onHide={() => setHiddenId(pause.id)}
    />
  );
}
