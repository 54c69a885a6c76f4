import { instrumentsEndpoints as instruments } from '@/lib/contracts/instruments';
import { marketEndpoints as market } from '@/lib/contracts/market';
import { instrumentsWithLatest } from '@/lib/db/candles';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';
import { addInstrument } from '@/lib/market/universe';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return reply(market.instruments, { instruments: await instrumentsWithLatest() });
});

/** Adds an instrument; each live feed's history is backfilled by a job (progress on the row). */
export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'operator' });
  const body = await readJson(request, instruments.create.body);
  const result = await addInstrument(body, principal.actor);
  if (!result.ok) throw new HttpError(result.status, result.field, result.message);
  return reply(instruments.create, { instrument: result.instrument, backfills: result.backfills });
});
