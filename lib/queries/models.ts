import { modelEvidence } from '@/lib/contracts/models';
import { listModelVersions, type ModelVersionRow } from '@/lib/db/models';

/** A version as the API shows it: evidence of another shape (none is written so) shows as null. */
export function modelView(row: ModelVersionRow) {
  const evidence = row.evidence === null ? null : modelEvidence.safeParse(row.evidence);
  return { ...row, evidence: evidence?.success ? evidence.data : null };
}

/** Every model version newest first, with the active and the candidate named. */
export async function modelVersions() {
  const rows = await listModelVersions();
  return {
    items: rows.map(modelView),
    activeId: rows.find((r) => r.status === 'active')?.id ?? null,
    candidateId: rows.find((r) => r.status === 'candidate')?.id ?? null,
  };
}
