import type { ModelMetricsItem } from '@/lib/contracts/modelMetrics';
import { Badge } from '@/components/slo/GateBadge';
import {
  baselineName,
  bestBaselineFigure,
  formatDifference,
  formatFigure,
  formatInterval,
  skillVerdict,
} from './metricsFormat';
import { TargetBadge } from './TargetBadge';

const TARGET_LABEL = { hitRate: '≥ 60 %', ir: '> 1.0' } as const;

/**
 * One quality figure (hit rate or IR) of a metrics row with what it must be read against: the
 * card's target, the best baseline's figure over the same decisions and the skill (model minus
 * that baseline) with its interval.
 */
export function QualityFigure({ item, kind }: { item: ModelMetricsItem; kind: 'hitRate' | 'ir' }) {
  const skill = item.skill?.[kind] ?? null;
  const best = skill ? bestBaselineFigure(kind, skill, item.baselines) : null;
  const verdict = skill ? skillVerdict(skill) : null;
  return (
    <>
      <div style={{ whiteSpace: 'nowrap' }}>
        <strong>{formatFigure(kind, item[kind])}</strong>{' '}
        <TargetBadge
          met={item.targets[kind].met}
          label={TARGET_LABEL[kind]}
          testId={`target-${kind}`}
        />
      </div>
      {skill ? (
        <div className="muted" style={{ fontSize: '0.85em' }} data-testid={`best-${kind}`}>
          best baseline: {baselineName(skill.against)} {formatFigure(kind, best)}
          <br />
          skill {formatDifference(kind, skill.value)}{' '}
          {verdict && <Badge tone={verdict.tone}>{verdict.text}</Badge>}
          <br />
          {formatInterval(kind, skill)}
        </div>
      ) : (
        <div className="muted" style={{ fontSize: '0.85em' }}>
          no baseline yet
        </div>
      )}
    </>
  );
}
