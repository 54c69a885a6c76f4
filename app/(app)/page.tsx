import { MarketOverview } from '@/components/MarketOverview';

export default function OverviewPage() {
  return (
    <>
      <h1>Overview</h1>
      <MarketOverview />
    </>
  );
}
