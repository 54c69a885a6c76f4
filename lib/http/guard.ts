import { getServerSession } from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { ROLE_SCOPES, roleAtLeast, type Role, type TokenScope } from '@/lib/auth/roles';
import { secretsEqual, sha256Hex } from '@/lib/auth/secrets';
import { findTokenByHash, touchToken } from '@/lib/db/apiTokens';
import { findActiveUser } from '@/lib/db/users';
import { assertSameOrigin } from './csrf';
import { forbidden, HttpError, unauthorized } from './errors';

export interface Principal {
  kind: 'session' | 'internal' | 'token';
  /** Who acted, as written into the audit log. */
  actor: string;
  role: Role;
  userId?: string;
}

export interface Requirement {
  role: Role;
  /** The API-token scope that stands in for the role; tokens never stand in for admin. */
  scope?: TokenScope;
  /** Only a signed-in user (their own account's routes): tokens are refused. */
  sessionOnly?: boolean;
  /** Allowed while the user must still choose a new password (the set-password route). */
  duringPasswordChange?: boolean;
}

export const INTERNAL_TOKEN_HEADER = 'x-internal-api-token';

/**
 * Decides who is asking: the internal service token, a scoped API token, or a signed-in user
 * (whose state is read from the database on every request, one primary-key lookup: disabling,
 * a role change or a password reset takes effect on the very next request).
 */
export async function authorize(request: Request, need: Requirement): Promise<Principal> {
  const internal = request.headers.get(INTERNAL_TOKEN_HEADER);
  const bearer = request.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (need.sessionOnly && (internal !== null || bearer)) {
    throw forbidden('sign in to manage your own account: tokens cannot');
  }
  if (internal !== null) return checkInternal(internal, need);
  if (bearer) return checkApiToken(bearer, need);
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) throw unauthorized();
  // Tokens are sent on purpose by their holder; a cookie rides along with any request.
  assertSameOrigin(request);
  const user = await findActiveUser(session.user.id);
  if (!user) throw unauthorized('your account no longer exists or is disabled');
  // A password reset (or change) moves the version on: sessions signed in before it end.
  if (user.sessionVersion !== (session.user.sessionVersion ?? 0)) {
    throw unauthorized('your session ended (your password was changed): sign in again');
  }
  if (user.mustChangePassword && !need.duringPasswordChange) {
    throw new HttpError(403, 'password', 'choose a new password first (/set-password)');
  }
  if (!roleAtLeast(user.role, need.role)) {
    throw forbidden(`this needs the ${need.role} role; you are ${user.role}`);
  }
  return { kind: 'session', actor: user.email, role: user.role, userId: user.id };
}

function checkInternal(given: string, need: Requirement): Principal {
  const expected = process.env.INTERNAL_API_TOKEN;
  if (!expected) throw unauthorized('X-Internal-API-Token is refused: no internal token is set');
  if (!secretsEqual(given, expected)) throw unauthorized('X-Internal-API-Token is wrong');
  if (!roleAtLeast('operator', need.role)) throw forbidden('the internal token cannot do this');
  return { kind: 'internal', actor: 'internal', role: 'operator' };
}

async function checkApiToken(secret: string, need: Requirement): Promise<Principal> {
  // Looked up by its sha256: the comparison happens on a hash, so timing says nothing of the secret.
  const token = await findTokenByHash(sha256Hex(secret));
  if (!token || token.revokedAt || token.createdBy?.disabledAt) {
    throw unauthorized('the API token is unknown or revoked');
  }
  const scope = need.scope ?? (need.role === 'viewer' ? 'read' : 'operate');
  if (need.role === 'admin' || !token.scopes.includes(scope)) {
    throw forbidden(`the API token lacks the ${need.role === 'admin' ? 'admin' : scope} scope`);
  }
  // A token acts within its owner's current role: a demotion narrows it at once. A built-in
  // client's token (the canary) has no owner: its scopes are all it has.
  if (token.createdBy && !ROLE_SCOPES[token.createdBy.role].includes(scope)) {
    throw forbidden(`the API token's owner is now ${token.createdBy.role}: no ${scope} scope`);
  }
  void touchToken(token.id, new Date()).catch(() => {});
  // A built-in client's token (the canary) acts under that client's own name.
  return { kind: 'token', actor: token.builtIn ?? `token:${token.name}`, role: need.role };
}
