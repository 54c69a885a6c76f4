import { requirePageSession } from '@/lib/auth/session';
import { ChangePasswordForm } from '@/components/account/ChangePasswordForm';
import { MyTokens } from '@/components/account/MyTokens';

export const metadata = { title: 'Account' };

export default async function AccountPage() {
  const me = await requirePageSession();
  return (
    <>
      <h1>Account</h1>
      <p className="muted">
        {me.email} · {me.role}
      </p>
      <MyTokens role={me.role} />
      <ChangePasswordForm email={me.email} next="/account" />
    </>
  );
}
