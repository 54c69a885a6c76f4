import { CandidateWeights } from '@/components/models/CandidateWeights';
import { FitCandidateButton } from '@/components/models/FitCandidateButton';
import { ModelVersionsTable } from '@/components/models/ModelVersionsTable';
import { CandidateComparison } from '@/components/models/CandidateComparison';
import { PromoteCandidate } from '@/components/models/PromoteCandidate';
import { ShadowBackfillButton } from '@/components/models/ShadowBackfillButton';
import { roleAtLeast } from '@/lib/auth/roles';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Models' };

export default async function ModelsPage() {
  const user = await requirePageSession();
  const operator = roleAtLeast(user.role, 'operator');
  return (
    <>
      <h1>Models</h1>
      <FitCandidateButton canFit={operator} />
      <CandidateWeights />
      <CandidateComparison />
      <section className="panel" aria-label="Candidate actions">
        <PromoteCandidate canPromote={operator} canOverride={user.role === 'admin'} />
        {operator && <ShadowBackfillButton />}
      </section>
      <ModelVersionsTable />
    </>
  );
}
