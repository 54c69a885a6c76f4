import { NextResponse } from 'next/server';
import { unacknowledgedPause } from '@/lib/db/slo';
import { authorize } from '@/lib/http/guard';
import { route } from '@/lib/http/route';

/** The unacknowledged live pause, if any: one indexed read, cheap enough to poll from every page. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const pause = await unacknowledgedPause();
  return NextResponse.json(
    { pause: pause && { ...pause, id: pause.id.toString() } },
    { headers: { 'cache-control': 'no-store' } },
  );
});
