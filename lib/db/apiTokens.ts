import { db } from './client';

export const findTokenByHash = (tokenHash: string) =>
  db().apiToken.findUnique({
    where: { tokenHash },
    include: { createdBy: { select: { email: true, disabledAt: true, role: true } } },
  });

export const touchToken = (id: string, at: Date) =>
  db().apiToken.update({ where: { id }, data: { lastUsedAt: at } });

const publicFields = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { email: true } },
} as const;

export const listTokens = () =>
  db().apiToken.findMany({ orderBy: { createdAt: 'desc' }, select: publicFields });

/** One user's own tokens, newest first (bounded: a user holds few). */
export const listTokensOf = (userId: string, limit = 500) =>
  db().apiToken.findMany({
    where: { createdById: userId },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: publicFields,
  });

export const createToken = (input: {
  name: string;
  scopes: string[];
  tokenHash: string;
  prefix: string;
  createdById: string;
}) => db().apiToken.create({ data: input, select: publicFields });

/**
 * Revoking is idempotent: the first revocation time is kept, and `revoked` says whether this
 * call was the one that revoked it (only that one is audited). Null for an unknown id, and for
 * another user's token when `ownerId` is given (it is none of theirs to see).
 */
export async function revokeToken(id: string, at: Date, ownerId?: string) {
  const { count } = await db().apiToken.updateMany({
    where: { id, revokedAt: null, createdById: ownerId },
    data: { revokedAt: at },
  });
  const token = await db().apiToken.findFirst({
    where: { id, createdById: ownerId },
    select: publicFields,
  });
  return token && { token, revoked: count === 1 };
}

export const countActiveTokensOf = (userId: string) =>
  db().apiToken.count({ where: { createdById: userId, revokedAt: null } });
