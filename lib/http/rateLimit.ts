import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { pool } from '@/lib/db/client';
import { purgeExpiredRateLimits } from '@/lib/db/rateLimits';

// Counters live in PostgreSQL so every app process shares them (a per-process limit would
// multiply with the number of processes). The table comes from our migrations.
function postgresLimiter(keyPrefix: string, points: number, durationSeconds: number) {
  return new RateLimiterPostgres({
    storeClient: pool(),
    storeType: 'pool',
    tableName: 'rate_limits',
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix,
    points,
    duration: durationSeconds,
  });
}

const FAILURES_PER_ACCOUNT = Number(process.env.SIGNIN_RATE_LIMIT ?? 10);
const WINDOW_SECONDS = 15 * 60;

let limiters: { account: RateLimiterPostgres; address: RateLimiterPostgres } | undefined;
const signInLimiters = () =>
  (limiters ??= {
    account: postgresLimiter('signin-account', FAILURES_PER_ACCOUNT, WINDOW_SECONDS),
    address: postgresLimiter('signin-address', FAILURES_PER_ACCOUNT * 10, WINDOW_SECONDS),
  });

/**
 * Failed sign-ins are counted per account and per client address (the brute-force pattern of
 * rate-limiter-flexible): a success clears the account's count, so only guessing is slowed.
 */
export async function signInBlocked(email: string, address: string): Promise<boolean> {
  const { account, address: byAddress } = signInLimiters();
  const [forAccount, forAddress] = await Promise.all([account.get(email), byAddress.get(address)]);
  return (
    (forAccount?.consumedPoints ?? 0) >= FAILURES_PER_ACCOUNT ||
    (forAddress?.consumedPoints ?? 0) >= FAILURES_PER_ACCOUNT * 10
  );
}

export async function recordSignInFailure(email: string, address: string): Promise<void> {
  const { account, address: byAddress } = signInLimiters();
  // consume() rejects once the limit is passed; the count is what matters here.
  await Promise.allSettled([account.consume(email), byAddress.consume(address)]);
  await purgeExpiredRateLimits(new Date());
}

export async function clearSignInFailures(email: string): Promise<void> {
  await signInLimiters().account.delete(email);
}

// Scoring is the hot path: a database round trip per request for the limiter would cost more
// than the scoring itself, so each process counts on its own (the limit is per process).
const SCORES_PER_MINUTE = Number(process.env.SCORE_RATE_LIMIT_PER_MINUTE ?? 6000);
let scoreLimiter: RateLimiterMemory | undefined;

/** Seconds to wait before this caller may score `scores` more (a batch counts each item), or 0. */
export async function scoreRetryAfter(actor: string, scores = 1): Promise<number> {
  scoreLimiter ??= new RateLimiterMemory({
    keyPrefix: 'score',
    points: SCORES_PER_MINUTE,
    duration: 60,
  });
  try {
    await scoreLimiter.consume(actor, scores);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.ceil(rejection.msBeforeNext / 1000);
    throw rejection;
  }
}

/** The per-process limit of scores per minute (a batch larger than it can never pass). */
export const scoreLimitPerMinute = (): number => SCORES_PER_MINUTE;
