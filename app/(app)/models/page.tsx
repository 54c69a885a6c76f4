import { CandidateWeights } from '@/components/models/CandidateWeights';
import { FitCandidateButton } from '@/components/models/FitCandidateButton';
import { ModelVersionsTable } from '@/components/models/ModelVersionsTable';
import { roleAtLeast } from '@/lib/auth/roles';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Models' };

export default async function ModelsPage() {
  const user = await requirePageSession();
  return (
    <>
      <h1>Models</h1>
      <FitCandidateButton canFit={roleAtLeast(user.role, 'operator')} />
      <CandidateWeights />
      <ModelVersionsTable />
    </>
  );
}
