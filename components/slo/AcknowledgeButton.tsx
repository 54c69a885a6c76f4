'use client';

import { useAcknowledgeBreach } from '@/lib/hooks/useSlo';

/** Acknowledges one breach (operators); a pausing breach's acknowledgement lifts the pause. */
export function AcknowledgeButton({
  breachId,
  onDone,
  label = 'Acknowledge',
}: {
  breachId: string;
  onDone?: () => void;
  label?: string;
}) {
  const ack = useAcknowledgeBreach();
  return (
    <>
      <button
        type="button"
        disabled={ack.isPending}
        onClick={() => ack.mutate(breachId, { onSuccess: () => onDone?.() })}
      >
        {ack.isPending ? 'Acknowledging…' : label}
      </button>
      {ack.error && (
        <p className="error" role="alert">
          {ack.error.message}
        </p>
      )}
    </>
  );
}
