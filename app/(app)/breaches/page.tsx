import { BreachHistory } from '@/components/slo/BreachHistory';
import { roleAtLeast } from '@/lib/auth/roles';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Breaches' };

export default async function BreachesPage() {
  const user = await requirePageSession();
  return (
    <>
      <h1>Breaches</h1>
      <BreachHistory canAcknowledge={roleAtLeast(user.role, 'operator')} />
    </>
  );
}
