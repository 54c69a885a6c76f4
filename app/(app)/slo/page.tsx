import { SloTimechart } from '@/components/slo/SloTimechart';

export const metadata = { title: 'SLOs' };

export default function SloPage() {
  return (
    <>
      <h1>SLOs</h1>
      <p className="muted">
        Score requests: p95 latency, data staleness and error rate, with the warn (dashed) and fail
        (solid) thresholds in red. The badges show each gate now.
      </p>
      <SloTimechart />
    </>
  );
}
