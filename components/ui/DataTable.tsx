'use client';

import type { HTMLAttributes, ReactNode, TdHTMLAttributes } from 'react';
import { QueryState, type QueryLike } from './QueryState';
import { SideScroll } from './SideScroll';

type DataAttributes = { [key: `data-${string}`]: string | undefined };

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** The cell names its row (<th scope="row">), as the first column of a key–value table. */
  rowHeader?: boolean;
  /** Attributes of one cell: a test id, a highlight. */
  cellProps?: (row: Row) => TdHTMLAttributes<HTMLTableCellElement> & DataAttributes;
  muted?: boolean;
  nowrap?: boolean;
}

export interface Paging {
  /** The page shown: undefined for the newest. */
  cursor: string | undefined;
  /** The next (older) page's cursor; null on the last page. */
  nextCursor: string | null;
  onPage: (cursor: string | undefined) => void;
}

export interface DataTableProps<Row> {
  /** The table's accessible name. */
  label: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[] | undefined;
  rowKey: (row: Row) => string;
  rowProps?: (row: Row) => HTMLAttributes<HTMLTableRowElement> & DataAttributes;
  /**
   * The query behind the rows: loading and errors show in place of the table; a failed refresh
   * keeps the last rows under a banner with Retry.
   */
  status?: QueryLike;
  /** Rows that refresh by themselves: say how old they are. */
  live?: boolean;
  emptyText?: string;
  /** No header row: a key–value table whose row headers say it all. */
  headless?: boolean;
  /** Filters shown above the table (kept in the URL by useListParams). */
  filters?: ReactNode;
  /** Keyset paging: newest first, then page after page of older rows. */
  paging?: Paging;
}

function Pager({ paging }: { paging: Paging }) {
  return (
    <nav className="row" aria-label="Pages" style={{ marginTop: '0.75rem', alignItems: 'center' }}>
      <button
        type="button"
        className="secondary"
        disabled={paging.cursor === undefined}
        onClick={() => paging.onPage(undefined)}
      >
        Newest
      </button>
      <button
        type="button"
        className="secondary"
        disabled={paging.nextCursor === null}
        onClick={() => paging.onPage(paging.nextCursor ?? undefined)}
      >
        Older
      </button>
      <span className="muted">
        {paging.cursor === undefined ? 'newest page' : `older than #${paging.cursor}`}
      </span>
    </nav>
  );
}

/**
 * A table of many columns keeps them readable on a narrow screen by scrolling sideways instead
 * of squeezing each to a word per line; a table of a few columns fits.
 */
const wideTableMinWidth = (columns: number) => (columns > 4 ? `${columns * 7}rem` : undefined);

/**
 * The one table of the panel: typed columns, the loading / error / empty states, filters above
 * and keyset paging below. Wide tables scroll sideways on a narrow screen.
 */
export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  rowProps,
  status = { isPending: false, error: null },
  live,
  emptyText,
  headless = false,
  filters,
  paging,
}: DataTableProps<Row>) {
  return (
    <>
      {filters}
      <QueryState query={status} live={live} isEmpty={rows?.length === 0} emptyText={emptyText}>
        <SideScroll label={label}>
          <table aria-label={label} style={{ minWidth: wideTableMinWidth(columns.length) }}>
            {!headless && (
              <thead>
                <tr>
                  {columns.map((column) => (
                    <th key={column.key} scope="col">
                      {column.header}
                    </th>
                  ))}
                </tr>
              </thead>
            )}
            <tbody>
              {rows?.map((row) => (
                <tr key={rowKey(row)} {...rowProps?.(row)}>
                  {columns.map((column) => {
                    const Cell = column.rowHeader ? 'th' : 'td';
                    const props = column.cellProps?.(row);
                    const style = {
                      ...(column.nowrap ? { whiteSpace: 'nowrap' as const } : undefined),
                      ...props?.style,
                    };
                    const className =
                      [column.muted ? 'muted' : '', props?.className ?? ''].join(' ').trim() ||
                      undefined;
                    return (
                      <Cell
                        key={column.key}
                        scope={column.rowHeader ? 'row' : undefined}
                        {...props}
                        className={className}
                        style={Object.keys(style).length ? style : undefined}
                      >
                        {column.cell(row)}
                      </Cell>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </SideScroll>
      </QueryState>
      {paging && (paging.cursor !== undefined || paging.nextCursor !== null) && (
        <Pager paging={paging} />
      )}
    </>
  );
}
