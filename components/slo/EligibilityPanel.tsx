import type { SloStatus } from '@/lib/contracts/slo';
import { Badge } from './GateBadge';

/** Hours met at the current stage with every gate passing, and whether it may be promoted. */
export function EligibilityPanel({ e }: { e: SloStatus['eligibility'] }) {
  return (
    <section className="panel" aria-label="Promotion eligibility">
      <h2>Promotion eligibility</h2>
      {e.requiredHours === null ? (
        <p data-testid="eligibility">
          At {e.currentStage}: <span className="muted">{e.reason}</span>
        </p>
      ) : (
        <p data-testid="eligibility">
          {e.currentStage} → {e.next ?? '(last stage)'}: {e.metHours.toFixed(1)} h of{' '}
          {e.requiredHours} h with all gates passing{' '}
          <Badge tone={e.eligible ? 'pass' : 'muted'}>{e.eligible ? 'eligible' : 'not yet'}</Badge>
          <br />
          <span className="muted">{e.reason}</span>
        </p>
      )}
    </section>
  );
}
