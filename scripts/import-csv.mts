// npm run import:csv -- --symbol THYAO.IS --tf 1d --tz Europe/Istanbul path/to/file.csv
// Uses DATABASE_URL, or the embedded database of `npm start` (started here if it is not running).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openDatabase } from '../lib/runtime/database';
import { importQuery } from '../lib/contracts/market';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    symbol: { type: 'string' },
    tf: { type: 'string' },
    tz: { type: 'string' },
    name: { type: 'string' },
  },
});
const query = importQuery.safeParse(values);
if (!query.success || positionals.length !== 1) {
  console.error(
    'usage: npm run import:csv -- --symbol SYM [--tf 1d] [--tz Zone/Name] [--name "…"] file.csv',
  );
  for (const issue of query.error?.issues ?? [])
    console.error(`  --${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
}

const database = await openDatabase();
let exitCode = 0;
try {
  const { importCsv } = await import('../lib/market/importCsv');
  const { appendAudit } = await import('../lib/db/audit');
  const outcome = await importCsv({
    symbol: query.data.symbol,
    csv: await readFile(positionals[0]!, 'utf8'),
    tf: query.data.tf,
    timeZone: query.data.tz,
    name: query.data.name,
    source: 'csv',
  });
  if (outcome.ok) {
    await appendAudit({
      action: 'candles.import',
      actor: `cli:${process.env.USER ?? 'unknown'}`,
      details: {
        ...outcome,
        from: outcome.from.toISOString(),
        to: outcome.to.toISOString(),
        file: positionals[0]!,
      },
    });
    console.log(
      `imported ${outcome.imported} candles for ${outcome.symbol} (${outcome.tfs.join(', ')})`,
    );
  } else {
    console.error(`${outcome.field}: ${outcome.message}`);
    for (const e of outcome.errors)
      console.error(`  line ${e.line}${e.field ? ` [${e.field}]` : ''}: ${e.message}`);
    exitCode = 1;
  }
} finally {
  const { pool } = await import('../lib/db/client');
  await pool().end();
  await database.release();
}
process.exit(exitCode);
