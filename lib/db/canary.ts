import { generateApiToken } from '@/lib/auth/secrets';
import { db } from './client';

export const CANARY_CLIENT = 'canary';

/**
 * Creates or rotates a built-in client's API token (one per client, `built_in` unique): a new
 * secret, stored hashed like any other token, any revocation lifted; the previous secret stops
 * working at once. Returns the secret, which only the calling process holds.
 */
export async function rotateBuiltInToken(client: string, scopes: string[]): Promise<string> {
  const { secret, hash, prefix } = generateApiToken();
  await db().apiToken.upsert({
    where: { builtIn: client },
    create: { name: client, builtIn: client, scopes, tokenHash: hash, prefix },
    update: { scopes, tokenHash: hash, prefix, revokedAt: null, lastUsedAt: null },
  });
  return secret;
}

export interface CanaryRequestRecord {
  at: Date;
  symbol: string | null;
  tf: string | null;
  status: number | null;
  latencyMs: number | null;
  error: string | null;
}

/** The prober's configuration as the running leader sees it, and its last request if any. */
export async function recordCanary(input: {
  enabled: boolean;
  ratePerMinute: number;
  instance: string;
  now: Date;
  request?: CanaryRequestRecord;
}): Promise<void> {
  const r = input.request;
  const failed = r ? (r.status === null || r.status >= 400 ? 1n : 0n) : 0n;
  const last = r
    ? {
        lastAt: r.at,
        lastSymbol: r.symbol,
        lastTf: r.tf,
        lastStatus: r.status,
        lastLatencyMs: r.latencyMs,
        lastError: r.error?.slice(0, 1000) ?? null,
      }
    : {};
  await db().canaryState.upsert({
    where: { id: 1 },
    create: {
      id: 1,
      enabled: input.enabled,
      ratePerMinute: input.ratePerMinute,
      instance: input.instance,
      updatedAt: input.now,
      ...last,
      sent: r ? 1n : 0n,
      failed,
    },
    update: {
      enabled: input.enabled,
      ratePerMinute: input.ratePerMinute,
      instance: input.instance,
      updatedAt: input.now,
      ...last,
      ...(r ? { sent: { increment: 1n }, failed: { increment: failed } } : {}),
    },
  });
}

export const readCanary = () => db().canaryState.findUnique({ where: { id: 1 } });
