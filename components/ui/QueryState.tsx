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
  refetch?: (options?: { cancelRefetch?: boolean }) => unknown;
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

/**
 * Retry is always offered while a refresh fails: a live panel's own interval keeps a request
 * under way most of the time during an outage, so the button waits only for the retry the
 * operator asked for, which cancels any refresh in flight and starts at once.
 */
function RetryButton({ query }: { query: QueryLike }) {
  const [retrying, setRetrying] = useState(false);
  if (!query.refetch) return null;
  const retry = async () => {
    setRetrying(true);
    try {
      await query.refetch?.({ cancelRefetch: true });
    } finally {
      setRetrying(false);
    }
  };
  return (
    <button
      type="button"
      className="secondary"
      disabled={retrying}
      title={retrying ? 'Your retry is under way' : undefined}
      onClick={() => void retry()}
    >
      {retrying ? 'Retrying…' : 'Retry'}
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
