import { PredictionsExplorer } from '@/components/predictions/PredictionsExplorer';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Predictions' };

export default async function PredictionsPage() {
  await requirePageSession();
  return (
    <>
      <h1>Predictions</h1>
      <PredictionsExplorer />
    </>
  );
}
