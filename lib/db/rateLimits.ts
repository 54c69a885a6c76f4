import { pool } from './client';

/** Most expired rows one write removes: the work a failed sign-in adds stays small. */
const PURGE_BATCH = 200;

/**
 * Removes counters whose window has ended (rate-limiter-flexible leaves them: it only ignores
 * them). Run on every write that can add a row, and each write adds at most two while it
 * removes up to PURGE_BATCH, so the table holds little more than the live windows, however
 * many distinct emails or addresses are tried.
 */
export async function purgeExpiredRateLimits(now: Date): Promise<number> {
  const result = await pool().query(
    `DELETE FROM rate_limits WHERE key IN (
       SELECT key FROM rate_limits WHERE expire < $1 ORDER BY expire LIMIT $2)`,
    [now.getTime(), PURGE_BATCH],
  );
  return result.rowCount ?? 0;
}
