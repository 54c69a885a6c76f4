import { instrumentsEndpoints as instruments } from '@/lib/contracts/instruments';
import { HttpError, notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, readJson, route } from '@/lib/http/route';
import { editInstrument } from '@/lib/market/universe';
import { instrumentDetail } from '@/lib/queries/instruments';

export const GET = route<{ symbol: string }>(async (request, context) => {
  await authorize(request, { role: 'viewer' });
  const { symbol } = parseWith(instruments.detail.params, await context.params);
  const instrument = await instrumentDetail(symbol, new Date());
  if (!instrument) throw notFound('symbol', `no instrument ${symbol}`);
  return reply(instruments.detail, { instrument });
});

/** Edits (or deactivates, `active: false`) an instrument; audited. */
export const PATCH = route<{ symbol: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'operator' });
  const { symbol } = parseWith(instruments.update.params, await context.params);
  const body = await readJson(request, instruments.update.body);
  const result = await editInstrument(symbol, body, principal.actor);
  if (!result.ok) throw new HttpError(result.status, result.field, result.message);
  return reply(instruments.update, { instrument: result.instrument, backfills: result.backfills });
});
