'use client';

import Link from 'next/link';
import { useFeeds } from '@/lib/hooks/useInstruments';
import { formatSeconds, formatTime } from '@/components/ui/format';
import { QueryState } from '@/components/ui/QueryState';
import { FeedStatusBadge } from './FeedStatusBadge';

/** The overview's feed check: every stale or failing feed, or a line saying all are healthy. */
export function FeedAlerts() {
  const feeds = useFeeds();
  const flagged = (feeds.data?.instruments ?? []).flatMap((i) =>
    i.feeds.filter((f) => f.health.flagged).map((f) => ({ symbol: i.symbol, feed: f })),
  );
  const live = (feeds.data?.instruments ?? []).reduce(
    (n, i) =>
      n +
      i.feeds.filter((f) => f.health.status !== 'import' && f.health.status !== 'inactive').length,
    0,
  );
  return (
    <section className="panel" aria-label="Feed health" data-testid="feed-alerts">
      <h2>Feeds</h2>
      <QueryState isPending={feeds.isPending} error={feeds.error}>
        {flagged.length === 0 ? (
          <p className="muted">
            {live === 0 ? 'No live feed.' : `All ${live} live feed(s) healthy.`}{' '}
            <Link href="/instruments">Instruments</Link>
          </p>
        ) : (
          <ul>
            {flagged.map(({ symbol, feed }) => (
              <li key={`${symbol}|${feed.tf}`}>
                {symbol} {feed.tf}: <FeedStatusBadge health={feed.health} />
                {feed.health.staleness !== null &&
                  `, ${formatSeconds(feed.health.staleness)} since its last success`}
                {feed.health.lastError &&
                  ` — ${feed.health.lastError} (${formatTime(feed.health.lastErrorAt)})`}{' '}
                <Link href="/instruments">details</Link>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
