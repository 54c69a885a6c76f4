'use client';

import { useEffect, useState } from 'react';
import { formatAgo } from './format';

/** What a panel needs of a React Query result (a useQuery result fits as it is). */
export interface QueryLike {
  isPending: boolean;
  error: Error | null;
  data?: unknown;
  isFetching?: boolean;
  /** When the data shown was fetched (ms since the epoch; 0: never). */
  dataUpdatedAt?: number;
  refetch?: () => unknown;
}

/** "updated 12 s ago", ticking every second. */
export function UpdatedAgo({ at }: { at: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <span className="muted updated-ago" data-testid="updated-ago">
      updated {formatAgo(now - at)}
    </span>
  );
}

function RetryButton({ query }: { query: QueryLike }) {
  if (!query.refetch) return null;
  return (
    <button
      type="button"
      className="secondary"
      disabled={query.isFetching}
      title={query.isFetching ? 'A request is under way' : undefined}
      onClick={() => query.refetch?.()}
    >
      {query.isFetching ? 'Retrying…' : 'Retry'}
    </button>
  );
}

/**
 * The loading / error / empty states every data panel shows the same way. Given the query
 * itself, a failed refresh keeps the last data on screen under an error banner with a Retry
 * button (no flicker back to "Loading…"), and a live panel says how old its data is.
 */
export function QueryState({
  query,
  isPending = query?.isPending ?? false,
  error = query?.error ?? null,
  isEmpty,
  emptyText,
  live = false,
  children,
}: {
  query?: QueryLike;
  isPending?: boolean;
  error?: Error | null;
  isEmpty?: boolean;
  emptyText?: string;
  /** A panel that refreshes by itself: show "updated N s ago". */
  live?: boolean;
  children: React.ReactNode;
}) {
  const hasData = query?.data !== undefined;
  if (error && hasData) {
    return (
      <>
        <div className="banner" role="alert" data-testid="refresh-failed">
          <span>
            Refresh failed: {error.message}. Showing the last data
            {query?.dataUpdatedAt ? ` (${formatAgo(Date.now() - query.dataUpdatedAt)})` : ''}.
          </span>
          <RetryButton query={query!} />
        </div>
        {isEmpty ? <p className="muted">{emptyText ?? 'Nothing here yet.'}</p> : children}
      </>
    );
  }
  if (isPending)
    return (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  if (error)
    return (
      <div className="banner" role="alert" data-testid="load-failed">
        <span>Could not load: {error.message}</span>
        {query && <RetryButton query={query} />}
      </div>
    );
  const updated = live && query?.dataUpdatedAt ? <UpdatedAgo at={query.dataUpdatedAt} /> : null;
  if (isEmpty)
    return (
      <>
        <p className="muted">{emptyText ?? 'Nothing here yet.'}</p>
        {updated}
      </>
    );
  return (
    <>
      {updated && <div style={{ textAlign: 'right' }}>{updated}</div>}
      {children}
    </>
  );
}
