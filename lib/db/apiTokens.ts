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

/** Revoking is idempotent: the first revocation time is kept. Returns null for an unknown id. */
export async function revokeToken(id: string, at: Date) {
  const token = await db().apiToken.findUnique({ where: { id }, select: { revokedAt: true } });
  if (!token) return null;
  if (!token.revokedAt) await db().apiToken.update({ where: { id }, data: { revokedAt: at } });
  return db().apiToken.findUnique({ where: { id }, select: publicFields });
}
