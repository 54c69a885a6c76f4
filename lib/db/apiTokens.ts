import { db } from './client';

export const findTokenByHash = (tokenHash: string) =>
  db().apiToken.findUnique({
    where: { tokenHash },
    include: { createdBy: { select: { email: true, disabledAt: true } } },
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

export const createToken = (input: {
  name: string;
  scopes: string[];
  tokenHash: string;
  prefix: string;
  createdById: string;
}) => db().apiToken.create({ data: input, select: publicFields });

/**
 * Revoking is idempotent: the first revocation time is kept, and `revoked` says whether this
 * call was the one that revoked it (only that one is audited). Null for an unknown id.
 */
export async function revokeToken(id: string, at: Date) {
  const { count } = await db().apiToken.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: at },
  });
  const token = await db().apiToken.findUnique({ where: { id }, select: publicFields });
  return token && { token, revoked: count === 1 };
}
