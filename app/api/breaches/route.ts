import { NextResponse } from 'next/server';
import { listBreaches } from '@/lib/db/slo';
import { authorize } from '@/lib/http/guard';
import { route, searchParams } from '@/lib/http/route';
import { breachesQuery } from '@/lib/validations/slo';

/** Breach history, newest first: the last 24 h unless `since` says otherwise. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, breachesQuery);
  const since = query.since ?? new Date(Date.now() - 86_400_000);
  const breaches = await listBreaches({ ...query, since });
  return NextResponse.json({
    since,
    breaches: breaches.map((b) => ({ ...b, id: b.id.toString() })),
  });
});
