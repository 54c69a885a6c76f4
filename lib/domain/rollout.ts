// Rollout of live scoring decisions: off → preview → 0.1 → 0.5 → 1.0 (SPEC §5).

export const ROLLOUT_STAGES = ['off', 'preview', '0.1', '0.5', '1.0'] as const;
export type RolloutStage = (typeof ROLLOUT_STAGES)[number];

export const isRolloutStage = (x: unknown): x is RolloutStage =>
  (ROLLOUT_STAGES as readonly unknown[]).includes(x);

/** Share of (symbol, tf) pairs that get live decisions at a stage. */
export const liveShare = (stage: RolloutStage): number =>
  stage === 'off' || stage === 'preview' ? 0 : Number(stage);

/**
 * A pair's stable position in [0, 1): FNV-1a (32-bit) of "symbol|tf". Stable across processes,
 * restarts and versions, and a pair is live at share p exactly when its position is below p, so
 * the pairs live at 0.1 stay live at 0.5 and 1.0.
 */
export function rolloutPosition(symbol: string, tf: string): number {
  let hash = 0x811c9dc5;
  const key = `${symbol}|${tf}`;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

/**
 * How a score request is served:
 * - off: the model is switched off; the score is recorded but the decision is always 0;
 * - preview: paper trading, the decision is shown but advisory;
 * - shadow: a live stage, but this pair is outside the live share, so advisory;
 * - live: the decision is live (unless a guardrail forces it back to advisory).
 */
export type ScoringMode = 'off' | 'preview' | 'shadow' | 'live';

export function scoringMode(stage: RolloutStage, symbol: string, tf: string): ScoringMode {
  if (stage === 'off' || stage === 'preview') return stage;
  return rolloutPosition(symbol, tf) < liveShare(stage) ? 'live' : 'shadow';
}
