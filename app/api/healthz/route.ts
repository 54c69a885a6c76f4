import { NextResponse } from 'next/server';
import { versionInfo } from '@/lib/buildInfo';
import { databaseLatencyMs } from '@/lib/db/health';

export const dynamic = 'force-dynamic';

export async function GET() {
  const { buildSha } = versionInfo();
  try {
    const latencyMs = await databaseLatencyMs();
    return NextResponse.json({ ok: true, database: { ok: true, latencyMs }, buildSha });
  } catch (error) {
    return NextResponse.json(
      { ok: false, database: { ok: false, error: (error as Error).message }, buildSha },
      { status: 503 },
    );
  }
}
