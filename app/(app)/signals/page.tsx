import { SignalParts } from '@/components/signals/SignalParts';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Signal parts' };

export default async function SignalsPage() {
  await requirePageSession();
  return (
    <>
      <h1>Signal parts</h1>
      <SignalParts />
    </>
  );
}
