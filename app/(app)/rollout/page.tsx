import { requirePageSession } from '@/lib/auth/session';
import { roleAtLeast } from '@/lib/auth/roles';
import { RolloutPanel } from '@/components/rollout/RolloutPanel';

export const metadata = { title: 'Rollout' };

export default async function RolloutPage() {
  const user = await requirePageSession();
  return (
    <>
      <h1>Rollout</h1>
      <RolloutPanel canChange={roleAtLeast(user.role, 'operator')} />
    </>
  );
}
