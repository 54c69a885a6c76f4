import { AutomationPanel } from '@/components/AutomationPanel';
import { MarketOverview } from '@/components/MarketOverview';
import { RolloutPanel } from '@/components/RolloutPanel';
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
      <MarketOverview />
    </>
  );
}
