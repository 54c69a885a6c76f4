import { createHash } from 'node:crypto';
import { parse } from 'csv-parse';
import yauzl from 'yauzl';
import { MANIFEST_NAME, type Manifest } from '@/lib/domain/archive';

// Reads an archive ZIP with yauzl (the reader of the same family as the yazl writer) and checks
// it against its manifest: every file's sha256, byte count and CSV row count (parsed by
// csv-parse, so quoted line breaks count as one row), and no file missing or extra.

export interface FileCheck {
  name: string;
  ok: boolean;
  rows: number | null;
  sha256: string | null;
  problems: string[];
}

export interface VerifyResult {
  ok: boolean;
  manifest: Manifest | null;
  files: FileCheck[];
  problems: string[];
}

interface EntryFacts {
  sha256: string;
  bytes: number;
  rows: number | null;
  text?: string;
}

const openZip = (path: string) =>
  new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    ),
  );

/** Data rows of a CSV (the header row not counted), and its hash and size, in one pass. */
async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<EntryFacts> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))),
  );
  const hash = createHash('sha256');
  let bytes = 0;
  const isCsv = entry.fileName.endsWith('.csv');
  const keep: Buffer[] = [];
  const parser = isCsv ? parse({ relax_column_count: false }) : null;
  let records = 0;
  const counted = parser
    ? (async () => {
        for await (const _ of parser) records++;
      })()
    : Promise.resolve();
  for await (const piece of stream as AsyncIterable<Buffer>) {
    hash.update(piece);
    bytes += piece.length;
    if (parser) {
      if (!parser.write(piece)) await new Promise((r) => parser.once('drain', r));
    } else keep.push(piece);
  }
  parser?.end();
  await counted;
  return {
    sha256: hash.digest('hex'),
    bytes,
    rows: isCsv ? Math.max(0, records - 1) : null,
    text: isCsv ? undefined : Buffer.concat(keep).toString('utf8'),
  };
}

export async function verifyArchive(path: string): Promise<VerifyResult> {
  const zip = await openZip(path);
  const entries = new Map<string, EntryFacts>();
  const problems: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entries.has(entry.fileName)) problems.push(`${entry.fileName}: twice in the ZIP`);
      readEntry(zip, entry)
        .then((facts) => {
          entries.set(entry.fileName, facts);
          zip.readEntry();
        })
        .catch(reject);
    });
    zip.readEntry();
  });
  const manifestEntry = entries.get(MANIFEST_NAME);
  let manifest: Manifest | null = null;
  try {
    manifest = manifestEntry?.text ? (JSON.parse(manifestEntry.text) as Manifest) : null;
  } catch {
    problems.push(`${MANIFEST_NAME}: not JSON`);
  }
  if (!manifest || !Array.isArray(manifest.files)) {
    if (!manifestEntry) problems.push(`${MANIFEST_NAME}: missing`);
    else if (manifest) problems.push(`${MANIFEST_NAME}: no files list`);
    return { ok: false, manifest, files: [], problems };
  }
  const files: FileCheck[] = [];
  const listed = new Set<string>();
  for (const expected of manifest.files) {
    listed.add(expected.name);
    const found = entries.get(expected.name);
    const check: FileCheck = {
      name: expected.name,
      ok: true,
      rows: found?.rows ?? null,
      sha256: found?.sha256 ?? null,
      problems: [],
    };
    if (!found) check.problems.push('missing from the ZIP');
    else {
      if (found.sha256 !== expected.sha256)
        check.problems.push(`sha256 ${found.sha256} ≠ manifest ${expected.sha256}`);
      if (found.bytes !== expected.bytes)
        check.problems.push(`${found.bytes} bytes ≠ manifest ${expected.bytes}`);
      if (found.rows !== expected.rows)
        check.problems.push(`${found.rows} rows ≠ manifest ${expected.rows}`);
    }
    check.ok = check.problems.length === 0;
    files.push(check);
  }
  for (const name of entries.keys())
    if (name !== MANIFEST_NAME && !listed.has(name))
      files.push({
        name,
        ok: false,
        rows: entries.get(name)!.rows,
        sha256: entries.get(name)!.sha256,
        problems: ['in the ZIP but not in the manifest'],
      });
  return { ok: problems.length === 0 && files.every((f) => f.ok), manifest, files, problems };
}
