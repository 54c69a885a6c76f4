import { DriftPanel } from '@/components/drift/DriftPanel';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Drift' };

export default async function DriftPage() {
  await requirePageSession();
  return (
    <>
      <h1>Drift</h1>
      <DriftPanel />
    </>
  );
}
