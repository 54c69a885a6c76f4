import { z } from 'zod';
import { DAY_MS, MAX_ARCHIVE_DAYS } from '@/lib/domain/archive';
import { bigintId } from '@/lib/validations/common';
import { endpoint } from './endpoint';
import { isoInstant, listOf, listQuery, queryInstant, rowId } from './json';

// Archives (SPEC §7, issue 11): ZIPs of a time range with manifest.json, built by a job, stored
// in PostgreSQL, listed, created on demand by operators, downloaded by viewers; and each
// breach's evidence bundle.

export const ARCHIVE_KINDS = ['manual', 'daily', 'evidence'] as const;
export const ARCHIVE_STATUSES = ['queued', 'building', 'ready', 'failed'] as const;

export const archivesQuery = listQuery.extend({
  kind: z.enum(ARCHIVE_KINDS, { error: `one of ${ARCHIVE_KINDS.join(', ')}` }).optional(),
  status: z.enum(ARCHIVE_STATUSES, { error: `one of ${ARCHIVE_STATUSES.join(', ')}` }).optional(),
});

/** POST /api/archives: the range [from, to), ISO dates or times (UTC unless an offset is given). */
export const createArchiveBody = z
  .strictObject({ from: queryInstant, to: queryInstant })
  .refine((b) => b.from < b.to, { path: ['to'], message: 'must be after from' })
  .refine((b) => b.to.getTime() - b.from.getTime() <= MAX_ARCHIVE_DAYS * DAY_MS, {
    path: ['to'],
    message: `at most ${MAX_ARCHIVE_DAYS} days after from`,
  });

export const archiveIdParams = z.object({ id: bigintId('an archive id') });
export const evidenceParams = z.object({ id: bigintId('a breach id') });

export const archiveItem = z.object({
  id: rowId,
  kind: z.enum(ARCHIVE_KINDS),
  from: isoInstant,
  /** Excluded: the range is [from, to). */
  to: isoInstant,
  status: z.enum(ARCHIVE_STATUSES),
  /** 0 … 1 while building; 1 when ready. */
  progress: z.number(),
  fileName: z.string(),
  versions: z.object({
    buildSha: z.string(),
    featureVersion: z.string(),
    modelVersion: z.string(),
    schemaHash: z.string(),
  }),
  createdBy: z.string(),
  createdAt: isoInstant,
  /** Not built before (an evidence bundle waits for the hour after its breach). */
  notBefore: isoInstant,
  startedAt: isoInstant.nullable(),
  finishedAt: isoInstant.nullable(),
  sizeBytes: z.number().nullable(),
  sha256: z.string().nullable(),
  /** The manifest's files (rows per CSV) once ready. */
  files: z.array(z.object({ name: z.string(), rows: z.number(), sha256: z.string() })).nullable(),
  error: z.string().nullable(),
  breachId: rowId.nullable(),
});

export const archivesEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/archives',
    access: 'viewer',
    summary: 'Archives newest first: range, status, progress, size, who created it, versions',
    query: archivesQuery,
    response: listOf(archiveItem),
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/archives',
    access: 'operator',
    summary: 'Queues the archive of [from, to) (at most 366 days, not in the future); audited',
    body: createArchiveBody,
    status: 202,
    response: z.object({ archive: archiveItem }),
  }),
  download: endpoint({
    method: 'GET',
    path: '/api/archives/:id/download',
    access: 'viewer',
    summary: 'The ZIP of a ready archive, streamed (application/zip, attachment)',
    params: archiveIdParams,
  }),
  evidence: endpoint({
    method: 'GET',
    path: '/api/breaches/:id/evidence',
    access: 'viewer',
    summary: "A breach's evidence bundle (its window ± 1 h) as a ZIP, once built",
    params: evidenceParams,
  }),
};

export type ArchiveItem = z.input<typeof archiveItem>;
export type ArchivesQuery = z.input<typeof archivesQuery>;
