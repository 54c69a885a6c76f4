'use client';

import type { ImportErrorBody } from '@/lib/contracts/market';
import { TIMEFRAMES } from '@/lib/domain/timeframes';
import { useImportCandles } from '@/lib/hooks/useMarket';

export function CsvImportForm() {
  const upload = useImportCandles();
  const badRows = (upload.error?.body as ImportErrorBody | undefined)?.errors;

  return (
    <form
      className="panel"
      aria-label="Import candles"
      onSubmit={(event) => {
        event.preventDefault();
        upload.mutate(new FormData(event.currentTarget));
      }}
    >
      <p className="muted">
        Columns: ts (or date), open, high, low, close, volume, and optionally tf. A file with a
        single bad row is refused whole: nothing is imported.
      </p>
      <div className="row">
        <label>
          Symbol
          <input name="symbol" required placeholder="THYAO.IS" />
        </label>
        <label>
          Timeframe
          <select name="tf" defaultValue="1d">
            {TIMEFRAMES.map((tf) => (
              <option key={tf}>{tf}</option>
            ))}
          </select>
        </label>
        <label>
          Exchange time zone (new symbols)
          <input name="tz" placeholder="Europe/Istanbul" />
        </label>
        <label>
          CSV file
          <input name="file" type="file" accept=".csv,text/csv" required />
        </label>
        <button type="submit" disabled={upload.isPending}>
          {upload.isPending ? 'Importing…' : 'Import'}
        </button>
      </div>
      {upload.isSuccess && (
        <p role="status">
          Imported {upload.data.imported} candles for {upload.data.symbol}.
        </p>
      )}
      {upload.error && (
        <div role="alert" className="error">
          <p>{upload.error.message}</p>
          <ul>
            {badRows?.map((e, i) => (
              <li key={i}>
                line {e.line}
                {e.field ? ` (${e.field})` : ''}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
