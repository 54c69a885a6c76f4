import { ModelMetricsPanel } from '@/components/metrics/ModelMetricsPanel';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Model metrics' };

export default async function MetricsPage() {
  await requirePageSession();
  return (
    <>
      <h1>Model metrics</h1>
      <ModelMetricsPanel />
    </>
  );
}
