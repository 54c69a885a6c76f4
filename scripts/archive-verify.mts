// npm run archive:verify -- file.zip [more.zip …]
// Recomputes every file's sha256, size and CSV row count against the archive's manifest.json and
// prints one line per file. Exit code 0: every archive verifies; 1: a mismatch, a file missing
// from the ZIP or not in the manifest; 2: usage, or a file that is not a readable ZIP.
import { verifyArchive } from '../lib/archive/verify';

const paths = process.argv.slice(2).filter((a) => a !== '--');
if (paths.length === 0) {
  console.error('usage: npm run archive:verify -- file.zip [more.zip …]');
  process.exit(2);
}

let worst = 0;
for (const path of paths) {
  let result;
  try {
    result = await verifyArchive(path);
  } catch (error) {
    console.error(`${path}: not a readable ZIP: ${(error as Error).message}`);
    worst = 2;
    continue;
  }
  const m = result.manifest;
  console.log(`archive  ${path}`);
  if (m)
    console.log(
      `manifest ${m.kind} ${m.range?.from} … ${m.range?.to} (end excluded); buildSha ${m.buildSha}, featureVersion ${m.featureVersion}, modelVersion ${m.modelVersion}, schemaHash ${m.schemaHash}`,
    );
  for (const file of result.files)
    console.log(
      `${file.ok ? 'OK  ' : 'FAIL'}     ${file.name}  ${file.rows ?? '—'} rows  sha256 ${file.sha256 ?? '—'}${file.problems.length ? `  (${file.problems.join('; ')})` : ''}`,
    );
  for (const problem of result.problems) console.log(`FAIL     ${problem}`);
  const failed = result.files.filter((f) => !f.ok).length + result.problems.length;
  console.log(
    result.ok
      ? `verified ${result.files.length} files: every sha256 and row count matches the manifest`
      : `MISMATCH ${failed} problem(s)`,
  );
  if (!result.ok) worst = Math.max(worst, 1);
}
process.exit(worst);
