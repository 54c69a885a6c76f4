import { systemEndpoints as system } from '@/lib/contracts/system';
import { versionInfo } from '@/lib/buildInfo';
import { databaseLatencyMs } from '@/lib/db/health';
import { reply } from '@/lib/http/reply';

export const dynamic = 'force-dynamic';

export async function GET() {
  const { buildSha } = versionInfo();
  try {
    const latencyMs = await databaseLatencyMs();
    return reply(system.health, { ok: true, database: { ok: true, latencyMs }, buildSha });
  } catch (error) {
    return reply(
      system.health,
      { ok: false, database: { ok: false, error: (error as Error).message }, buildSha },
      { status: 503 },
    );
  }
}
