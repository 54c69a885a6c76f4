function intervalMs(now: Date, intervalSeconds: number): number {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError('invalid date');
  // Whole seconds only: a fractional interval would put slot starts on instants that processes
  // round differently when they store them.
  if (!Number.isSafeInteger(intervalSeconds) || intervalSeconds <= 0) {
    throw new RangeError(
      `cycle interval must be a positive whole number of seconds: ${intervalSeconds}`,
    );
  }
  return intervalSeconds * 1000;
}

/**
 * The cycle slot of `now`: the start of the interval it falls in (epoch-aligned), so every
 * process agrees on it and a cycle run twice in one slot is the same slot.
 */
export function cycleSlot(now: Date, intervalSeconds: number): Date {
  const ms = intervalMs(now, intervalSeconds);
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

export function nextCycleAt(now: Date, intervalSeconds: number): Date {
  const ms = intervalMs(now, intervalSeconds);
  return new Date(cycleSlot(now, intervalSeconds).getTime() + ms);
}
