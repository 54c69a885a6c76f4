import { PaperVsLive } from '@/components/paperVsLive/PaperVsLive';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Paper vs live' };

export default async function PaperVsLivePage() {
  await requirePageSession();
  return (
    <>
      <h1>Paper vs live</h1>
      <PaperVsLive />
    </>
  );
}
