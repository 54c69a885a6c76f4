import { NextResponse } from 'next/server';
import { liveShare } from '@/lib/domain/rollout';
import { changeRollout, readRollout } from '@/lib/db/rollout';
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
  const { previous, current } = await changeRollout({ ...body, actor: principal.actor });
  return NextResponse.json({ previous, ...current, liveShare: liveShare(current.stage) });
});
