'use client';

import { useLoopChain } from '@/lib/hooks/useChain';
import { QueryState } from '@/components/ui/QueryState';
import { formatTime } from '@/components/ui/format';
import { ChainStepCard } from './ChainStepCard';

/** Automation → Predictions → Outcomes → Metrics → Calibration, live (every 3 s). */
export function LoopChain() {
  const chain = useLoopChain();
  const data = chain.data;
  const last = data?.lastCalibration;
  return (
    <section className="panel" aria-label="Loop chain" style={{ flex: '3 1 30rem', minWidth: 0 }}>
      <h2>The loop, live</h2>
      <QueryState isPending={chain.isPending} error={chain.error}>
        {data && (
          <>
            <ol
              className="row"
              style={{ flexWrap: 'wrap', padding: 0, margin: 0, alignItems: 'stretch' }}
            >
              {data.steps.map((step) => (
                <ChainStepCard
                  key={step.key}
                  step={step}
                  extra={
                    step.key === 'calibration' && last ? (
                      <p className="muted" style={{ margin: '0 0 0.3rem', fontSize: '0.9em' }}>
                        last: {last.modelId} {last.tfFamily} {last.horizon}, {last.status}, n_pairs{' '}
                        {last.nPairs}, used_prev {String(last.usedPrev)}, checksum{' '}
                        {last.checksumOk === null ? 'n/a' : last.checksumOk ? 'ok' : 'FAILED'}
                      </p>
                    ) : undefined
                  }
                />
              ))}
            </ol>
            <p className="muted" style={{ marginBottom: 0 }}>
              as of {formatTime(data.now)}
            </p>
          </>
        )}
      </QueryState>
    </section>
  );
}
