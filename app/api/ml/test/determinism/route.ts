import { NextResponse } from 'next/server';
import { runGoldenVectors } from '@/lib/domain/determinism';
import { loadGoldenVectors } from '@/lib/scoring/goldenVectors';

export const dynamic = 'force-dynamic';

export const GET = async () => {
  const result = runGoldenVectors(await loadGoldenVectors());
  return NextResponse.json(result, { status: result.passed === result.total ? 200 : 500 });
};
