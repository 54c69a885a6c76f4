import { systemEndpoints as system } from '@/lib/contracts/system';
import { runGoldenVectors } from '@/lib/domain/determinism';
import { reply } from '@/lib/http/reply';
import { loadGoldenVectors } from '@/lib/scoring/goldenVectors';

export const dynamic = 'force-dynamic';

export const GET = async () => {
  const result = runGoldenVectors(await loadGoldenVectors());
  return reply(system.determinism, result, {
    status: result.passed === result.total ? 200 : 500,
  });
};
