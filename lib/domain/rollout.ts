// Rollout of live scoring decisions: off → preview → 0.1 → 0.5 → 1.0 (SPEC §5).

export const ROLLOUT_STAGES = ['off', 'preview', '0.1', '0.5', '1.0'] as const;
export type RolloutStage = (typeof ROLLOUT_STAGES)[number];

export const isRolloutStage = (x: unknown): x is RolloutStage =>
  (ROLLOUT_STAGES as readonly unknown[]).includes(x);

/** The spellings FEATURE_ML_SCORING accepts for each stage (any case, blanks around ignored). */
const STAGE_SETTINGS: Readonly<Record<string, RolloutStage>> = Object.freeze({
  '0': 'off',
  off: 'off',
  preview: 'preview',
  '0.1': '0.1',
  '0.5': '0.5',
  '1': '1.0',
  '1.0': '1.0',
});

/**
 * Reads a FEATURE_ML_SCORING value: `0`/`off`, `preview`, `0.1`, `0.5`, `1`/`1.0`. Unset or
 * blank means "no opinion" (stage null); anything else is refused with the accepted spellings.
 */
export function parseStageSetting(
  value: string | undefined,
): { ok: true; stage: RolloutStage | null } | { ok: false; message: string } {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '') return { ok: true, stage: null };
  const stage = STAGE_SETTINGS[text];
  if (stage) return { ok: true, stage };
  return {
    ok: false,
    message: `FEATURE_ML_SCORING=${JSON.stringify(value)} is not a rollout stage: use 0 or off, preview, 0.1, 0.5, 1 or 1.0`,
  };
}

/** How rollout_state records that FEATURE_ML_SCORING was unset at the last boot. */
export const SETTING_UNSET = 'unset';

/**
 * What a booting process does with FEATURE_ML_SCORING, given the value recorded at the last
 * boot (`lastApplied`: a stage, `unset`, or null when never recorded) and the current stage:
 * - a value that differs from the recorded one is a deploy that changes it: its stage applies
 *   (the go-live card's rollback: set it to 0 and redeploy);
 * - the same value leaves the stored stage alone, so an operator's later change survives;
 * - unset applies nothing (it only gives the initial stage of a new database);
 * - never recorded (a database from before the value was recorded): the previous value is
 *   unknown, so it applies only when it lowers the stage, never promotes by surprise.
 * `record` is what to store as the last applied value either way.
 */
export function deployStageAction(input: {
  setting: RolloutStage | null;
  lastApplied: string | null;
  current: RolloutStage;
}): { apply: RolloutStage | null; record: string } {
  const { setting, lastApplied, current } = input;
  const record = setting ?? SETTING_UNSET;
  if (setting === null || lastApplied === record || setting === current) {
    return { apply: null, record };
  }
  if (lastApplied === null && stageRank(setting) > stageRank(current)) {
    return { apply: null, record };
  }
  return { apply: setting, record };
}

const stageRank = (stage: RolloutStage): number => ROLLOUT_STAGES.indexOf(stage);

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
