import type { RolloutStage } from '@/lib/domain/rollout';

export const STAGE_DESCRIPTIONS: Record<RolloutStage, string> = {
  off: 'Model switched off: decisions are always 0.',
  preview: 'Paper trading: decisions shown, advisory only.',
  '0.1': '10 % of symbol/timeframe pairs get live decisions.',
  '0.5': '50 % of pairs get live decisions.',
  '1.0': 'Every pair gets live decisions.',
};
