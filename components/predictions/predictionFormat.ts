import { formatNumber } from '@/components/ui/format';

/** −1 / 0 / +1 as the explorer reads them. */
export const decisionLabel = (decision: number) =>
  decision > 0 ? '+1 long' : decision < 0 ? '−1 short' : '0 flat';

/** A signal part or score in [-1, 1], signed, three decimals. */
export const formatSigned = (v: number) =>
  `${v > 0 ? '+' : v < 0 ? '−' : ''}${formatNumber(Math.abs(v), 3)}`;

/** A return as a signed percentage (0.0123 → +1.23 %). */
export const formatReturn = (v: number) =>
  `${v > 0 ? '+' : v < 0 ? '−' : ''}${(Math.abs(v) * 100).toFixed(2)} %`;
