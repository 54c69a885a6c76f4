'use client';

import { useSloStatus } from '@/lib/hooks/useSlo';
import { QueryState } from '@/components/ui/QueryState';
import { RolloutPanel } from '@/components/rollout/RolloutPanel';
import { BurnRateTable } from './BurnRateTable';
import { EligibilityPanel } from './EligibilityPanel';
import { GatesTable } from './GatesTable';
import { RulesTable } from './RulesTable';

/** Gates, trigger rules, burn rates, promotion eligibility and the rollout controls. */
export function GuardrailsPanel({ canChange }: { canChange: boolean }) {
  const status = useSloStatus();
  const s = status.data;
  return (
    <>
      <QueryState query={status} live>
        {s && (
          <>
            <GatesTable gates={s.gates} />
            <RulesTable rules={s.rules} />
            <BurnRateTable rates={s.burnRates} />
            <EligibilityPanel e={s.eligibility} />
          </>
        )}
      </QueryState>
      <RolloutPanel canChange={canChange} eligibility={s?.eligibility} />
    </>
  );
}
