import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { authOptions } from './options';
import { roleAtLeast, type Role } from './roles';

/** For pages: the signed-in user, or a redirect to sign-in (or home when the role is too low). */
export async function requirePageSession(role: Role = 'viewer') {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) redirect('/signin');
  if (!roleAtLeast(session.user.role, role)) redirect('/');
  return session.user;
}
