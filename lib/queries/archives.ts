import type { z } from 'zod';
import type { archiveItem } from '@/lib/contracts/archives';
import { listArchives, type ArchiveRow } from '@/lib/db/archives';
import type { Manifest } from '@/lib/domain/archive';

type ArchiveItem = z.output<typeof archiveItem>;

/** An archive's row as the API shows it: its versions together, the manifest's files. */
export function archiveView(row: ArchiveRow): ArchiveItem {
  const manifest = row.manifest as Manifest | null;
  return {
    id: row.id,
    kind: row.kind as ArchiveItem['kind'],
    from: row.fromTs,
    to: row.toTs,
    status: row.status as ArchiveItem['status'],
    progress: row.progress,
    fileName: row.fileName,
    versions: {
      buildSha: row.buildSha,
      featureVersion: row.featureVersion,
      modelVersion: row.modelVersion,
      schemaHash: row.schemaHash,
    },
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    notBefore: row.notBefore,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
    sha256: row.sha256,
    files: manifest?.files.map(({ name, rows, sha256 }) => ({ name, rows, sha256 })) ?? null,
    error: row.error,
    breachId: row.breachId,
  };
}

export async function archivePage(filter: Parameters<typeof listArchives>[0]) {
  const page = await listArchives(filter);
  return { items: page.items.map(archiveView), nextCursor: page.nextCursor };
}
