import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { authOptions } from '@/lib/auth/options';
import { SignInForm } from '@/components/auth/SignInForm';
import { Providers } from '../providers';

export const metadata = { title: 'Sign in' };

export const dynamic = 'force-dynamic';

export default async function SignInPage() {
  if ((await getServerSession(authOptions))?.user) redirect('/');
  return (
    <Providers>
      <main className="signin">
        <h1>Fusion Ops</h1>
        <SignInForm />
      </main>
    </Providers>
  );
}
