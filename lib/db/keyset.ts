// Every list is paged the same way: newest first by its bigint id, the cursor being the last id
// seen, so pages stay stable while new rows are appended (no offset to drift).

export interface Page<T> {
  items: T[];
  /** The cursor of the next (older) page; null on the last page. */
  nextCursor: bigint | null;
}

/** The `id` condition of the page after `cursor` (a previous page's nextCursor). */
export const olderThan = (cursor: string | undefined) =>
  cursor === undefined ? undefined : { lt: BigInt(cursor) };

/** Rows read with `take: limit + 1`: the extra row only says whether another page follows. */
export function keysetPage<T extends { id: bigint }>(rows: readonly T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
}
