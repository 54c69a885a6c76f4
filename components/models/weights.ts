import { formatNumber } from '@/components/ui/format';

export const PARTS = ['rsi', 'macd', 'trend'] as const;

/** A weight with its posterior sd when it has one: `0.2924 ± 0.2126`. */
export const weightText = (value: number, sd?: number | null) =>
  sd === undefined || sd === null
    ? formatNumber(value, 4)
    : `${formatNumber(value, 4)} ± ${formatNumber(sd, 4)}`;
