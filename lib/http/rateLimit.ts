import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { pool } from '@/lib/db/client';

// Counters live in PostgreSQL so every app process shares them (a per-process limit would
// multiply with the number of processes). The table comes from our migrations.
const limiters = new Map<string, RateLimiterPostgres>();

function limiter(name: string, points: number, durationSeconds: number): RateLimiterPostgres {
  let existing = limiters.get(name);
  if (!existing) {
    existing = new RateLimiterPostgres({
      storeClient: pool(),
      storeType: 'pool',
      tableName: 'rate_limits',
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: name,
      points,
      duration: durationSeconds,
    });
    limiters.set(name, existing);
  }
  return existing;
}

/** Returns the seconds to wait when the key is over its limit, or 0 when the call may go on. */
async function consume(limit: RateLimiterPostgres, key: string): Promise<number> {
  try {
    await limit.consume(key);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.ceil(rejection.msBeforeNext / 1000);
    throw rejection;
  }
}

const SIGN_IN_PER_ACCOUNT = Number(process.env.SIGNIN_RATE_LIMIT ?? 10);
const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/** Sign-in attempts, counted per account and per client address. */
export async function signInRetryAfter(email: string, clientAddress: string): Promise<number> {
  const perAccount = limiter('signin-account', SIGN_IN_PER_ACCOUNT, SIGN_IN_WINDOW_SECONDS);
  const perAddress = limiter('signin-address', SIGN_IN_PER_ACCOUNT * 5, SIGN_IN_WINDOW_SECONDS);
  return Math.max(
    await consume(perAccount, email.toLowerCase()),
    await consume(perAddress, clientAddress),
  );
}
