import { AutomationPanel } from '@/components/automation/AutomationPanel';
import { MarketOverview } from '@/components/market/MarketOverview';
import { CanaryStatus } from '@/components/rollout/CanaryStatus';
import { RolloutPanel } from '@/components/rollout/RolloutPanel';
import { roleAtLeast } from '@/lib/auth/roles';
import { requirePageSession } from '@/lib/auth/session';

export default async function OverviewPage() {
  const user = await requirePageSession();
  const operator = roleAtLeast(user.role, 'operator');
  return (
    <>
      <h1>Overview</h1>
      <AutomationPanel canControl={operator} />
      <RolloutPanel canChange={false} />
      <CanaryStatus />
      <MarketOverview />
    </>
  );
}
