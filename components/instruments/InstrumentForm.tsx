'use client';

import { useState } from 'react';
import { TIMEFRAMES } from '@/lib/domain/timeframes';
import { FEED_SOURCES } from '@/lib/domain/instruments';
import type { FeedConfigInput, InstrumentView } from '@/lib/contracts/instruments';
import { useCreateInstrument, useUpdateInstrument } from '@/lib/hooks/useInstruments';

interface FeedRow {
  tf: string;
  source: string;
  horizons: string;
  baseUrl: string;
  remoteSymbol: string;
  pollSeconds: string;
}

const NEW_ROW: FeedRow = {
  tf: '1h',
  source: 'http',
  horizons: '4h, 1d',
  baseUrl: 'https://api.binance.com',
  remoteSymbol: '',
  pollSeconds: '60',
};

const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Europe/Istanbul', 'Asia/Tokyo'];

function rowsOf(instrument: InstrumentView | undefined): FeedRow[] {
  const configured = instrument?.feeds.filter((f) => f.configured) ?? [];
  if (configured.length === 0) return [NEW_ROW];
  return configured.map((f) => ({
    tf: f.tf,
    source: f.source ?? 'csv',
    horizons: f.horizons.join(', '),
    baseUrl: f.baseUrl ?? '',
    remoteSymbol: f.remoteSymbol ?? '',
    pollSeconds: String(f.pollSeconds ?? 60),
  }));
}

function feedOf(row: FeedRow): FeedConfigInput {
  const horizons = row.horizons
    .split(/[\s,]+/)
    .map((h) => h.trim())
    .filter(Boolean);
  const tf = row.tf as FeedConfigInput['tf'];
  if (row.source === 'http')
    return {
      tf,
      horizons,
      source: 'http',
      baseUrl: row.baseUrl,
      remoteSymbol: row.remoteSymbol || undefined,
      pollSeconds: Number(row.pollSeconds),
    };
  if (row.source === 'replay')
    return { tf, horizons, source: 'replay', pollSeconds: Number(row.pollSeconds) };
  return { tf, horizons, source: 'csv' };
}

/**
 * Adds an instrument, or edits one (`instrument` given): its name, exchange zone and, per
 * timeframe, the source (http klines with base URL, symbol mapping and polling; replay; csv
 * import only) and the horizons. The server validates; its refusal names the field.
 */
export function InstrumentForm({
  instrument,
  onDone,
}: {
  instrument?: InstrumentView;
  onDone?: () => void;
}) {
  const create = useCreateInstrument();
  const update = useUpdateInstrument();
  const mutation = instrument ? update : create;
  const [rows, setRows] = useState<FeedRow[]>(() => rowsOf(instrument));
  const setRow = (k: number, patch: Partial<FeedRow>) =>
    setRows((all) => all.map((row, i) => (i === k ? { ...row, ...patch } : row)));

  return (
    <form
      aria-label={instrument ? `Edit ${instrument.symbol}` : 'Add instrument'}
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const timeframes = rows.map(feedOf);
        const name = String(form.get('name') ?? '').trim() || undefined;
        const exchangeTz = String(form.get('exchangeTz'));
        if (instrument) {
          update.mutate(
            { symbol: instrument.symbol, body: { name, exchangeTz, timeframes } },
            { onSuccess: () => onDone?.() },
          );
        } else {
          create.mutate(
            { symbol: String(form.get('symbol')), name, exchangeTz, timeframes },
            { onSuccess: () => onDone?.() },
          );
        }
      }}
    >
      <div className="row">
        <label>
          Symbol
          <input
            name="symbol"
            required
            defaultValue={instrument?.symbol}
            disabled={instrument !== undefined}
            title={instrument ? 'A symbol cannot be renamed' : undefined}
            placeholder="BTCUSDT"
            maxLength={32}
          />
        </label>
        <label>
          Name
          <input
            name="name"
            defaultValue={instrument?.name}
            placeholder="Bitcoin / Tether"
            maxLength={100}
          />
        </label>
        <label>
          Exchange time zone
          <input
            name="exchangeTz"
            required
            list="zones"
            defaultValue={instrument?.exchangeTz ?? 'UTC'}
          />
          <datalist id="zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </label>
      </div>
      {rows.map((row, k) => (
        <fieldset key={k} className="row" aria-label={`Timeframe ${k + 1}`}>
          <label>
            Timeframe
            <select value={row.tf} onChange={(e) => setRow(k, { tf: e.target.value })}>
              {TIMEFRAMES.map((tf) => (
                <option key={tf}>{tf}</option>
              ))}
            </select>
          </label>
          <label>
            Source
            <select value={row.source} onChange={(e) => setRow(k, { source: e.target.value })}>
              {FEED_SOURCES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Horizons
            <input
              value={row.horizons}
              onChange={(e) => setRow(k, { horizons: e.target.value })}
              placeholder="4h, 1d"
              required
            />
          </label>
          {row.source === 'http' && (
            <>
              <label>
                Klines base URL
                <input
                  type="url"
                  value={row.baseUrl}
                  onChange={(e) => setRow(k, { baseUrl: e.target.value })}
                  required
                />
              </label>
              <label>
                Source symbol
                <input
                  value={row.remoteSymbol}
                  onChange={(e) => setRow(k, { remoteSymbol: e.target.value })}
                  placeholder="same as symbol"
                />
              </label>
            </>
          )}
          {row.source !== 'csv' && (
            <label>
              Poll every (s)
              <input
                type="number"
                min={5}
                max={86400}
                value={row.pollSeconds}
                onChange={(e) => setRow(k, { pollSeconds: e.target.value })}
                style={{ width: '6rem' }}
              />
            </label>
          )}
          <button
            type="button"
            className="secondary"
            disabled={rows.length === 1}
            title={rows.length === 1 ? 'An instrument needs a timeframe' : undefined}
            onClick={() => setRows((all) => all.filter((_, i) => i !== k))}
          >
            Remove timeframe
          </button>
        </fieldset>
      ))}
      <div className="row">
        <button
          type="button"
          className="secondary"
          disabled={rows.length >= TIMEFRAMES.length}
          onClick={() => setRows((all) => [...all, { ...NEW_ROW, tf: '1d', horizons: '1d, 7d' }])}
        >
          Add timeframe
        </button>
        <button type="submit" disabled={mutation.isPending}>
          {instrument ? 'Save changes' : 'Add instrument'}
        </button>
        {onDone && (
          <button type="button" className="secondary" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
      <p className="muted">
        A live source (http, replay) fetches up to 1,000 candles of history per timeframe and runs
        the loop over them before the feed joins the next cycle. Removing a timeframe stops its
        feed; its candles and predictions stay.
      </p>
      {mutation.error && (
        <p className="error" role="alert">
          {mutation.error.field ? `${mutation.error.field}: ` : ''}
          {mutation.error.message}
        </p>
      )}
    </form>
  );
}
