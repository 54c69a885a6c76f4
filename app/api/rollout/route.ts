import { NextResponse } from 'next/server';
import { liveShare } from '@/lib/domain/rollout';
import { changeRollout, readRollout } from '@/lib/db/rollout';
import { unacknowledgedPause } from '@/lib/db/slo';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { readJson, route } from '@/lib/http/route';
import { changeRolloutBody } from '@/lib/validations/rollout';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const rollout = await readRollout();
  return NextResponse.json({ ...rollout, liveShare: liveShare(rollout.stage) });
});

export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'operator' });
  const body = await readJson(request, changeRolloutBody);
  const pause = liveShare(body.stage) > 0 ? await unacknowledgedPause() : null;
  if (pause) {
    throw new HttpError(
      409,
      'stage',
      `acknowledge breach #${pause.id} (${pause.rule}) before going live again`,
    );
  }
  const { previous, current } = await changeRollout({ ...body, actor: principal.actor });
  return NextResponse.json({ previous, ...current, liveShare: liveShare(current.stage) });
});
