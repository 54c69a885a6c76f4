import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generatePassword, hashPassword } from '@/lib/auth/password';
import { findInstrument } from '@/lib/db/candles';
import { db } from '@/lib/db/client';
import { countUsers, createUser } from '@/lib/db/users';
import { importCsv } from '@/lib/market/importCsv';

export const DEMO_SYMBOL = 'SPX';

/** The real daily S&P 500 series shipped in vega-datasets (2000-01-03 … 2020-04-17). */
export async function sp500Csv(): Promise<string> {
  // The package exports only its JS entry, and inside the Next.js bundle require.resolve becomes
  // a module id, so the file is found from the project root (every entry point runs there).
  const file = path.resolve('node_modules', 'vega-datasets', 'data', 'sp500-2000.csv');
  return readFile(file, 'utf8');
}

export async function seedMarketData(): Promise<{ imported: number }> {
  if (await findInstrument(DEMO_SYMBOL)) return { imported: 0 };
  const outcome = await importCsv({
    symbol: DEMO_SYMBOL,
    name: 'S&P 500 index',
    csv: await sp500Csv(),
    tf: '1d',
    timeZone: 'America/New_York',
    source: 'vega-datasets',
  });
  if (!outcome.ok) throw new Error(`demo data is invalid: ${outcome.message}`);
  return { imported: outcome.imported };
}

export const REPLAY_SYMBOL = 'SPX.R';

/**
 * A live demo feed: the S&P 500's real returns replayed as 1-minute candles with fresh
 * timestamps (lib/domain/replay.ts), so the loop has low staleness and predictions that mature
 * in minutes (horizons 15m, 1h, 4h) without a network.
 */
export async function seedReplayFeed(now: Date): Promise<boolean> {
  if (await db().feedStatus.findFirst({ where: { symbol: REPLAY_SYMBOL } })) return false;
  await db().instrument.upsert({
    where: { symbol: REPLAY_SYMBOL },
    create: {
      symbol: REPLAY_SYMBOL,
      name: 'S&P 500 replay (live demo feed)',
      exchangeTz: 'America/New_York',
      horizons: ['15m', '1h', '4h'],
    },
    update: {},
  });
  await db().feedStatus.create({
    data: { symbol: REPLAY_SYMBOL, tf: '1m', source: 'replay', lastSuccessAt: now },
  });
  return true;
}

/** Creates the first admin when there is no user at all; the password exists only in the reply. */
export async function seedFirstAdmin(email = 'admin@fusion-ops.local') {
  if ((await countUsers()) > 0) return null;
  const password = generatePassword();
  await createUser({
    email,
    name: 'Admin',
    role: 'admin',
    passwordHash: await hashPassword(password),
  });
  return { email, password };
}
