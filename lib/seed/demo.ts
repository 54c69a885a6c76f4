import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { generatePassword, hashPassword } from '@/lib/auth/password';
import { findInstrument } from '@/lib/db/candles';
import { countUsers, createUser } from '@/lib/db/users';
import { importCsv } from '@/lib/market/importCsv';

export const DEMO_SYMBOL = 'SPX';

/** The real daily S&P 500 series shipped in vega-datasets (2000-01-03 … 2020-04-17). */
export async function sp500Csv(): Promise<string> {
  // The package exports only its JS entry (build/index.js); the CSV sits beside it in data/.
  const entry = createRequire(import.meta.url).resolve('vega-datasets');
  const file = path.join(path.dirname(entry), '..', 'data', 'sp500-2000.csv');
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
