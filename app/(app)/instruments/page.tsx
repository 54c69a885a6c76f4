import { InstrumentsPanel } from '@/components/instruments/InstrumentsPanel';
import { roleAtLeast } from '@/lib/auth/roles';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Instruments' };

export default async function InstrumentsPage() {
  const user = await requirePageSession();
  return (
    <>
      <h1>Instruments</h1>
      <InstrumentsPanel canEdit={roleAtLeast(user.role, 'operator')} />
    </>
  );
}
