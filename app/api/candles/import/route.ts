import { marketEndpoints as market } from '@/lib/contracts/market';
import { appendAudit } from '@/lib/db/audit';
import { readLimitedForm } from '@/lib/http/bodyLimit';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, readText, route } from '@/lib/http/route';
import { importCsv } from '@/lib/market/importCsv';

const MAX_CSV_BYTES = 20 * 1024 * 1024;

/**
 * Two ways in: `multipart/form-data` (the UI's upload: fields file, symbol, tf, tz, name) or a
 * raw `text/csv` body with the same names as query parameters (scripts and services).
 */
export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'operator' });
  const contentType = request.headers.get('content-type') ?? '';
  let fields: Record<string, string>;
  let csv: string;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await readLimitedForm(request, MAX_CSV_BYTES);
    const file = form.get('file');
    if (!(file instanceof Blob)) throw new HttpError(400, 'file', 'attach the CSV as field "file"');
    csv = await file.text();
    fields = Object.fromEntries(
      [...form.entries()].filter(
        (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
      ),
    );
  } else {
    csv = await readText(request, MAX_CSV_BYTES);
    fields = Object.fromEntries(request.nextUrl.searchParams);
  }
  const query = parseWith(market.importCandles.query, fields);
  const outcome = await importCsv({
    symbol: query.symbol,
    csv,
    tf: query.tf,
    timeZone: query.tz,
    name: query.name,
    source: 'csv',
  });
  if (!outcome.ok) {
    throw new HttpError(422, outcome.field, outcome.message, { errors: outcome.errors });
  }
  await appendAudit({
    action: 'candles.import',
    actor: principal.actor,
    details: { ...outcome, from: outcome.from.toISOString(), to: outcome.to.toISOString() },
  });
  return reply(market.importCandles, outcome);
});
