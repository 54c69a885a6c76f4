import { QueuesPanel } from '@/components/queues/QueuesPanel';
import { roleAtLeast } from '@/lib/auth/roles';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Queues' };

export default async function QueuesPage() {
  const user = await requirePageSession();
  return (
    <>
      <h1>Queues</h1>
      <QueuesPanel canOperate={roleAtLeast(user.role, 'operator')} />
    </>
  );
}
