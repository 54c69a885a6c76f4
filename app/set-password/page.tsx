import { redirect } from 'next/navigation';
import { requirePageSession } from '@/lib/auth/session';
import { ChangePasswordForm } from '@/components/account/ChangePasswordForm';
import { Providers } from '../providers';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Choose a password' };

/** Where an admin's password reset sends the user after signing in with the one they were given. */
export default async function SetPasswordPage() {
  const me = await requirePageSession('viewer', { duringPasswordChange: true });
  if (!me.mustChangePassword) redirect('/account');
  return (
    <Providers>
      <main className="signin">
        <h1>Choose a password</h1>
        <p className="muted">
          An admin reset the password of {me.email}. Enter the password you were given, then one
          only you know.
        </p>
        <ChangePasswordForm email={me.email} next="/" />
      </main>
    </Providers>
  );
}
