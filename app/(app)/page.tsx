import { FeedAlerts } from '@/components/instruments/FeedAlerts';
import { AutomationPanel } from '@/components/automation/AutomationPanel';
import { MarketOverview } from '@/components/market/MarketOverview';
import { GatesAtAGlance } from '@/components/overview/GatesAtAGlance';
import { LoopChain } from '@/components/overview/LoopChain';
import { CanaryStatus } from '@/components/rollout/CanaryStatus';
import { RolloutPanel } from '@/components/rollout/RolloutPanel';
import { roleAtLeast } from '@/lib/auth/roles';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Overview' };

export default async function OverviewPage() {
  const user = await requirePageSession();
  const operator = roleAtLeast(user.role, 'operator');
  return (
    <>
      <h1>Overview</h1>
      <AutomationPanel canControl={operator} />
      <div className="row" style={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <LoopChain />
        <GatesAtAGlance />
      </div>
      <RolloutPanel canChange={false} />
      <CanaryStatus />
      <MarketOverview />
      <FeedAlerts />
    </>
  );
}
