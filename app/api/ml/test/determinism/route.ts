import { NextResponse } from 'next/server';
import { runGoldenVectors } from '@/lib/domain/determinism';

export const dynamic = 'force-dynamic';

export const GET = () => {
  const result = runGoldenVectors();
  return NextResponse.json(result, { status: result.passed === result.total ? 200 : 500 });
};
