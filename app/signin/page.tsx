import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth/session';
import { SignInForm } from '@/components/auth/SignInForm';
import { Providers } from '../providers';

export const metadata = { title: 'Sign in' };

export const dynamic = 'force-dynamic';

export default async function SignInPage() {
  // A session whose account was disabled (or reset) since is no session: show the form.
  if (await currentUser()) redirect('/');
  return (
    <Providers>
      <main className="signin">
        <h1>Fusion Ops</h1>
        <SignInForm />
      </main>
    </Providers>
  );
}
