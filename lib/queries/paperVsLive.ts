import { findActiveModel } from '@/lib/db/models';
import { maturedHorizons } from '@/lib/db/outcomeStats';
import { servedGroupExtents, servedGroupSums } from '@/lib/db/outcomes';
import { comparePaperVsLive, DIFFERENCE_METHOD } from '@/lib/domain/paperVsLive';
import { PAPER_VS_LIVE_DEFAULT_DAYS, type PaperVsLiveResponse } from '@/lib/contracts/paperVsLive';

const DAY_MS = 86_400_000;

/** The period asked for: [from, to), 90 days back from `to` (default now) when open. */
export function paperVsLivePeriod(q: { from?: Date; to?: Date }, now: Date) {
  const to =
    q.to ?? (q.from ? new Date(q.from.getTime() + PAPER_VS_LIVE_DEFAULT_DAYS * DAY_MS) : now);
  const from = q.from ?? new Date(to.getTime() - PAPER_VS_LIVE_DEFAULT_DAYS * DAY_MS);
  return { from, to };
}

/**
 * Paper vs live of one model over [from, to) of the predictions' ts (the contract bounds it to
 * 366 days): one aggregate over three index ranges (lib/db/outcomes.ts servedGroupSums), and
 * where each group's pairs lie, so an empty period can say so.
 */
export async function paperVsLive(input: {
  model?: string;
  from?: Date;
  to?: Date;
  tf?: string;
  horizon?: string;
  now: Date;
}): Promise<PaperVsLiveResponse> {
  const { from, to } = paperVsLivePeriod(input, input.now);
  const model = input.model ?? (await findActiveModel())?.id ?? null;
  const empty = { paper: null, live: null, history: null };
  if (!model) {
    return {
      model,
      from,
      to,
      tf: input.tf ?? null,
      differenceMethod: DIFFERENCE_METHOD,
      extents: empty,
      horizons: [],
    };
  }
  const [rows, horizons] = await Promise.all([
    servedGroupSums({ modelId: model, from, to, tf: input.tf, horizon: input.horizon }),
    maturedHorizons(model, null),
  ]);
  const extents = await servedGroupExtents(
    model,
    input.horizon ? horizons.filter((h) => h === input.horizon) : horizons,
  );
  return {
    model,
    from,
    to,
    tf: input.tf ?? null,
    differenceMethod: DIFFERENCE_METHOD,
    extents,
    horizons: comparePaperVsLive(rows),
  };
}
