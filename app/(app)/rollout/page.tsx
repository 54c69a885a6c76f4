import { requirePageSession } from '@/lib/auth/session';
import { roleAtLeast } from '@/lib/auth/roles';
import { CanaryStatus } from '@/components/rollout/CanaryStatus';
import { GraduatedThreshold } from '@/components/rollout/GraduatedThreshold';
import { RolloutPanel } from '@/components/rollout/RolloutPanel';
import { StageTimeline } from '@/components/rollout/StageTimeline';

export const metadata = { title: 'Rollout' };

export default async function RolloutPage() {
  const user = await requirePageSession();
  return (
    <>
      <h1>Rollout</h1>
      <RolloutPanel
        canChange={roleAtLeast(user.role, 'operator')}
        canForce={roleAtLeast(user.role, 'admin')}
      />
      <GraduatedThreshold canSet={roleAtLeast(user.role, 'admin')} />
      <CanaryStatus />
      <StageTimeline />
    </>
  );
}
