import type { CreateInstrument, UpdateInstrument } from '@/lib/contracts/instruments';
import { createInstrument, updateInstrument } from '@/lib/db/instruments';
import { enqueue } from '@/lib/jobs/queue';
import { instrumentDetail } from '@/lib/queries/instruments';
import { setBackfillProgress } from '@/lib/db/instruments';

// Adding and editing instruments: what the API and `npm run instrument` both call.

async function queueBackfills(symbol: string, tfs: readonly string[], now: Date) {
  for (const tf of tfs) {
    await setBackfillProgress(symbol, tf, { state: 'queued', error: null }, now);
    await enqueue('instrument-backfill', { symbol, tf }, `instrument-backfill:${symbol}:${tf}`);
  }
}

export type UniverseChange =
  | {
      ok: true;
      instrument: NonNullable<Awaited<ReturnType<typeof instrumentDetail>>>;
      backfills: string[];
    }
  | { ok: false; status: 404 | 409; field: string; message: string };

/**
 * Adds an instrument (refused when the symbol exists) and queues the history backfill of each
 * live feed as a pg-boss job (lib/jobs/instrumentBackfill.ts).
 */
export async function addInstrument(
  body: CreateInstrument,
  actor: string,
  now = new Date(),
): Promise<UniverseChange> {
  const created = await createInstrument(
    {
      symbol: body.symbol,
      name: body.name ?? body.symbol,
      exchangeTz: body.exchangeTz,
      active: body.active,
      feeds: body.timeframes,
    },
    actor,
  );
  if (!created)
    return {
      ok: false,
      status: 409,
      field: 'symbol',
      message: `instrument ${body.symbol} exists: edit it instead`,
    };
  await queueBackfills(body.symbol, created.backfills, now);
  return {
    ok: true,
    instrument: (await instrumentDetail(body.symbol, now))!,
    backfills: created.backfills,
  };
}

/** Edits an instrument; a new or re-pointed live feed (or one whose backfill failed) backfills again. */
export async function editInstrument(
  symbol: string,
  patch: UpdateInstrument,
  actor: string,
  now = new Date(),
): Promise<UniverseChange> {
  const updated = await updateInstrument(
    symbol,
    {
      name: patch.name,
      exchangeTz: patch.exchangeTz,
      active: patch.active,
      feeds: patch.timeframes,
    },
    actor,
  );
  if (!updated)
    return { ok: false, status: 404, field: 'symbol', message: `no instrument ${symbol}` };
  await queueBackfills(symbol, updated.backfills, now);
  return {
    ok: true,
    instrument: (await instrumentDetail(symbol, now))!,
    backfills: updated.backfills,
  };
}
