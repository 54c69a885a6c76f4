import { NextResponse } from 'next/server';
import { versionInfo } from '@/lib/buildInfo';

export const dynamic = 'force-dynamic';

export const GET = () => NextResponse.json(versionInfo());
