import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { findActiveUser } from '@/lib/db/users';
import { authOptions } from './options';
import { roleAtLeast, type Role } from './roles';

/**
 * The signed-in user as the database has them now, or null: no session, a disabled or removed
 * account, or a session from before a password reset. One primary-key lookup, as the API guard.
 */
export async function currentUser() {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) return null;
  const user = await findActiveUser(session.user.id);
  if (!user || user.sessionVersion !== (session.user.sessionVersion ?? 0)) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
  };
}

/**
 * For pages: the signed-in user, or a redirect to sign-in (or home when the role is too low,
 * or to /set-password while an admin's reset asks the user to choose a password).
 */
export async function requirePageSession(
  role: Role = 'viewer',
  options: { duringPasswordChange?: boolean } = {},
) {
  const user = await currentUser();
  if (!user) redirect('/signin');
  if (user.mustChangePassword && !options.duringPasswordChange) redirect('/set-password');
  if (!roleAtLeast(user.role, role)) redirect('/');
  return user;
}
