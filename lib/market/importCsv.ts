import { parseCandleCsv, type CsvRowError } from '@/lib/domain/candleCsv';
import type { Timeframe } from '@/lib/domain/timeframes';
import { findInstrument, importCandles } from '@/lib/db/candles';

export interface CsvImportRequest {
  symbol: string;
  csv: string;
  tf?: Timeframe;
  /** Exchange time zone; needed for a new symbol, must agree with an existing one. */
  timeZone?: string;
  name?: string;
  source: string;
}

export type CsvImportOutcome =
  | { ok: true; symbol: string; tfs: Timeframe[]; imported: number; from: Date; to: Date }
  | { ok: false; field: string; message: string; errors: CsvRowError[] };

/** Validates every row first; only a file without a single bad row is written, in one transaction. */
export async function importCsv(request: CsvImportRequest): Promise<CsvImportOutcome> {
  const instrument = await findInstrument(request.symbol);
  if (instrument && request.timeZone && request.timeZone !== instrument.exchangeTz) {
    return {
      ok: false,
      field: 'tz',
      message: `${request.symbol} trades in ${instrument.exchangeTz}, not ${request.timeZone}`,
      errors: [],
    };
  }
  const exchangeTz = instrument?.exchangeTz ?? request.timeZone ?? 'UTC';
  const parsed = parseCandleCsv(request.csv, { tf: request.tf, timeZone: exchangeTz });
  if (!parsed.ok) {
    return {
      ok: false,
      field: 'csv',
      message: `${parsed.errors.length} problem(s) in the file; nothing was imported`,
      errors: parsed.errors,
    };
  }
  const { written } = await importCandles({
    symbol: request.symbol,
    name: request.name,
    exchangeTz,
    source: request.source,
    candles: parsed.candles,
  });
  const times = parsed.candles.map((c) => c.ts.getTime());
  const first = times.reduce((a, b) => Math.min(a, b));
  const last = times.reduce((a, b) => Math.max(a, b));
  return {
    ok: true,
    symbol: request.symbol,
    tfs: [...new Set(parsed.candles.map((c) => c.tf))],
    imported: written,
    from: new Date(first),
    to: new Date(last),
  };
}
