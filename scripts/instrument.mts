// npm run instrument -- list
// npm run instrument -- add --symbol BTCUSDT --tz UTC --tf 1h --source http \
//     --url https://api.binance.com [--remote BTCUSDT] [--horizons 4h,1d] [--poll 60] \
//     [--history 1000] [--name "Bitcoin / Tether"] [--wait]
// npm run instrument -- add --json '{"symbol":"BTCUSDT","exchangeTz":"UTC","timeframes":[…]}'
// npm run instrument -- edit BTCUSDT [--name …] [--tz …] [--tf 1h --source … (replaces that
//     timeframe's configuration)] [--json '{…the PATCH body…}'] [--wait]
// npm run instrument -- deactivate BTCUSDT | activate BTCUSDT
// The universe from the command line, for scripted set-ups: the same code as
// POST / PATCH /api/instruments (validated by the same contract, audited as `cli:<user>`). A live
// feed's history backfill is a queued job that the servers' workers run; --wait works the queue
// here too and waits until it is done.
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { openDatabase } from '../lib/runtime/database';
import {
  createInstrumentBody,
  updateInstrumentBody,
  type FeedConfigInput,
  type InstrumentViewOut,
} from '../lib/contracts/instruments';

const USAGE = `usage: npm run instrument -- list
       npm run instrument -- add --symbol S --tz ZONE --tf TF --source http|replay|csv [--url URL] [--remote SYM]
                                 [--horizons H,H] [--poll SECONDS] [--history N] [--name NAME] [--inactive] [--wait]
       npm run instrument -- add --json '{…POST /api/instruments body…}' [--wait]
       npm run instrument -- edit SYMBOL [--name NAME] [--tz ZONE] [--tf TF --source … ] [--json '{…}'] [--wait]
       npm run instrument -- deactivate SYMBOL | activate SYMBOL`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    symbol: { type: 'string' },
    name: { type: 'string' },
    tz: { type: 'string' },
    tf: { type: 'string' },
    source: { type: 'string' },
    url: { type: 'string' },
    remote: { type: 'string' },
    horizons: { type: 'string' },
    poll: { type: 'string' },
    history: { type: 'string' },
    inactive: { type: 'boolean', default: false },
    json: { type: 'string' },
    wait: { type: 'boolean', default: false },
  },
});

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(USAGE);
  process.exit(2);
}

/** The contract's parse, its first problem printed as the API's `_err` would name it. */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    console.error(`refused: ${issue.path.join('.') || 'body'}: ${issue.message}`);
  process.exit(2);
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    usage('--json is not valid JSON');
  }
}

const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));

/** The one timeframe the flags describe, or undefined without --tf. */
function feedFromFlags(): FeedConfigInput | undefined {
  if (!values.tf) return undefined;
  const tf = values.tf as FeedConfigInput['tf'];
  const horizons = (values.horizons ?? (tf === '1d' ? '1d,3d,7d,14d,30d' : '4h,1d')).split(',');
  const pollSeconds = number(values.poll);
  const historyLimit = number(values.history);
  if (values.source === 'http')
    return {
      tf,
      horizons,
      source: 'http',
      baseUrl: values.url ?? '',
      remoteSymbol: values.remote,
      pollSeconds,
      historyLimit,
    };
  if (values.source === 'replay')
    return { tf, horizons, source: 'replay', pollSeconds, historyLimit };
  if (values.source === 'csv') return { tf, horizons, source: 'csv' };
  usage('--source: one of http, replay, csv');
}

function print(instrument: InstrumentViewOut) {
  console.log(
    `${instrument.symbol.padEnd(12)} ${instrument.active ? 'active  ' : 'inactive'} ${instrument.exchangeTz} ${instrument.name}`,
  );
  for (const f of instrument.feeds) {
    const h = f.health;
    const backfill = f.backfill
      ? ` backfill ${f.backfill.state}${f.backfill.error ? ` (${f.backfill.error})` : ''}`
      : '';
    console.log(
      `  ${f.tf.padEnd(4)} ${(f.source ?? '-').padEnd(6)} ${h.status.padEnd(15)} staleness ${h.staleness === null ? '-' : `${h.staleness.toFixed(0)} s`}` +
        ` last candle ${h.lastCandle?.toISOString() ?? '-'} horizons ${f.horizons.join(',')}${backfill}` +
        (h.lastError ? `\n       last error ${h.lastErrorAt?.toISOString()}: ${h.lastError}` : ''),
    );
  }
}

const [command, target] = positionals;
if (!command || !['list', 'add', 'edit', 'deactivate', 'activate'].includes(command)) usage();

const database = await openDatabase();
const actor = `cli:${os.userInfo().username}`;
let exitCode = 0;
try {
  const { addInstrument, editInstrument } = await import('../lib/market/universe');
  const { feedsOverview, instrumentDetail } = await import('../lib/queries/instruments');

  /** Works the queue in this process until each backfill is done or failed. */
  async function wait(symbol: string, tfs: string[]) {
    if (!values.wait || tfs.length === 0) return;
    const { startWorkers } = await import('../lib/jobs/workers');
    await startWorkers();
    const started = performance.now();
    for (;;) {
      const detail = await instrumentDetail(symbol, new Date());
      const states = (detail?.feeds ?? [])
        .filter((f) => tfs.includes(f.tf))
        .map((f) => f.backfill?.state ?? 'none');
      if (states.every((s) => s === 'done' || s === 'failed' || s === 'none')) {
        console.log(`backfill finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        if (detail) print(detail);
        if (states.includes('failed')) exitCode = 1;
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  if (command === 'list') {
    const overview = await feedsOverview(new Date());
    for (const instrument of overview.instruments) print(instrument);
    console.log(
      `${overview.instruments.length} instrument(s), ${overview.flagged} flagged feed(s)`,
    );
    if (overview.flagged > 0) exitCode = 1;
  } else if (command === 'add') {
    const body = values.json
      ? json(values.json)
      : {
          symbol: values.symbol,
          name: values.name,
          exchangeTz: values.tz,
          active: !values.inactive,
          timeframes: [feedFromFlags() ?? usage('add needs --tf (or --json)')],
        };
    const result = await addInstrument(parse(createInstrumentBody, body), actor);
    if (!result.ok) {
      console.error(`refused: ${result.field}: ${result.message}`);
      exitCode = 1;
    } else {
      console.log(
        `added ${result.instrument.symbol}; backfill queued for ${result.backfills.join(', ') || 'nothing'}`,
      );
      print(result.instrument);
      await wait(result.instrument.symbol, result.backfills);
    }
  } else {
    if (!target) usage(`${command} needs the symbol`);
    const symbol = target.toUpperCase();
    let patch: unknown;
    if (command === 'deactivate') patch = { active: false };
    else if (command === 'activate') patch = { active: true };
    else if (values.json) patch = json(values.json);
    else {
      const feed = feedFromFlags();
      let timeframes: FeedConfigInput[] | undefined;
      if (feed) {
        // The one timeframe given replaces its configuration; the others stay as they are.
        const current = await instrumentDetail(symbol, new Date());
        const kept = (current?.feeds ?? [])
          .filter((f) => f.configured && f.tf !== feed.tf)
          .map((f): FeedConfigInput =>
            f.source === 'http'
              ? {
                  tf: f.tf as FeedConfigInput['tf'],
                  horizons: f.horizons,
                  source: 'http',
                  baseUrl: f.baseUrl!,
                  remoteSymbol: f.remoteSymbol ?? undefined,
                  pollSeconds: f.pollSeconds!,
                  historyLimit: f.historyLimit!,
                }
              : f.source === 'replay'
                ? {
                    tf: f.tf as FeedConfigInput['tf'],
                    horizons: f.horizons,
                    source: 'replay',
                    pollSeconds: f.pollSeconds!,
                    historyLimit: f.historyLimit!,
                  }
                : { tf: f.tf as FeedConfigInput['tf'], horizons: f.horizons, source: 'csv' },
          );
        timeframes = [...kept, feed];
      }
      patch = { name: values.name, exchangeTz: values.tz, timeframes };
    }
    const result = await editInstrument(symbol, parse(updateInstrumentBody, patch), actor);
    if (!result.ok) {
      console.error(`refused: ${result.field}: ${result.message}`);
      exitCode = 1;
    } else {
      console.log(`${command === 'edit' ? 'edited' : `${command}d`} ${symbol}`);
      print(result.instrument);
      await wait(symbol, result.backfills);
    }
  }
} finally {
  const { stopBoss } = await import('../lib/jobs/queue');
  await stopBoss();
  const { pool } = await import('../lib/db/client');
  await pool().end();
  await database.release();
}
process.exit(exitCode);
