import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GoldenCase } from '@/lib/domain/determinism';

export const GOLDEN_FILE = 'lib/domain/golden/fusion-v2.0.0.json';

/**
 * Read with JSON.parse at run time, never imported: the production bundler re-prints number
 * literals of an imported JSON module and lost the last digits of 17-digit floats, which made
 * exact golden comparisons fail in `next start` while they passed under tsx.
 */
export async function loadGoldenVectors(root = process.cwd()): Promise<GoldenCase[]> {
  const text = await readFile(path.join(root, GOLDEN_FILE), 'utf8');
  return (JSON.parse(text) as { cases: GoldenCase[] }).cases;
}
