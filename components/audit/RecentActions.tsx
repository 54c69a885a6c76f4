'use client';

import Link from 'next/link';
import { useEffect, useId, useRef, useState } from 'react';
import { QueryState } from '@/components/ui/QueryState';
import { formatNumber, formatTime } from '@/components/ui/format';
import { decisionLabel } from '@/components/predictions/predictionFormat';
import type { AuditEntry } from '@/lib/contracts/audit';
import { useRecentScores } from '@/lib/hooks/useAudit';
import { adviceLabel, scoreDetails } from './auditFormat';

const SEEN_KEY = 'fusion-ops.recent-actions.seen';
const POPOVER_WIDTH = 416;

const newer = (a: string, b: string | null) => b === null || BigInt(a) > BigInt(b);

function ScoreItem({ entry, onOpen }: { entry: AuditEntry; onOpen: () => void }) {
  const s = scoreDetails(entry.details);
  return (
    <li style={{ padding: '0.5rem 0', borderBottom: '1px solid var(--border)' }}>
      <Link href={`/audit?id=${entry.id}`} onClick={onOpen} data-testid={`recent-${entry.id}`}>
        <strong>
          {s.symbol ?? '?'} {s.tf ?? ''}
        </strong>{' '}
        {s.decision === null ? '—' : decisionLabel(s.decision)}
      </Link>
      <div className="muted">{formatTime(entry.ts)}</div>
      <div>
        confid {formatNumber(s.confid, 3)} · bucket{' '}
        {s.mlBucket === null ? '—' : s.mlBucket.toFixed(1)} · guardrails {s.guardrails ?? '—'} ·{' '}
        {adviceLabel(s)}
      </div>
    </li>
  );
}

/**
 * The latest ml.score decisions, from the top bar of every page: a button with a badge of the
 * scores since it was last opened, and a popover refreshed every few seconds while open, each
 * score linking to its audit entry. Esc or a click outside closes it, focus back on the button.
 */
export function RecentActions() {
  const [open, setOpen] = useState(false);
  const [seen, setSeen] = useState<string | null>(null);
  const [place, setPlace] = useState({ top: 0, left: 8, width: POPOVER_WIDTH });
  const scores = useRecentScores(open);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const items = scores.data?.items;
  const newest = items?.[0]?.id ?? null;

  // What was seen survives page loads; on the very first load everything counts as seen.
  useEffect(() => {
    if (newest === null) return;
    const stored = window.localStorage.getItem(SEEN_KEY);
    if (stored === null) window.localStorage.setItem(SEEN_KEY, newest);
    setSeen((current) => current ?? stored ?? newest);
  }, [newest]);

  // Opened: mark the newest as seen, also when more arrive while it stays open.
  useEffect(() => {
    if (!open || newest === null) return;
    window.localStorage.setItem(SEEN_KEY, newest);
    setSeen(newest);
  }, [open, newest]);

  useEffect(() => {
    if (!open) return;
    panel.current?.focus();
    const close = (refocus: boolean) => {
      setOpen(false);
      if (refocus) button.current?.focus();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close(true);
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) close(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const fresh = seen === null ? 0 : (items ?? []).filter((e) => newer(e.id, seen)).length;

  const toggle = () => {
    const rect = button.current?.getBoundingClientRect();
    if (rect) {
      // Under the button, its right edge at the button's, kept inside the viewport.
      const width = Math.min(POPOVER_WIDTH, window.innerWidth - 16);
      const left = Math.max(8, Math.min(rect.right - width, window.innerWidth - width - 8));
      setPlace({ top: rect.bottom + 6, left, width });
    }
    // Opening shows the scores as of now, not the list fetched up to 30 s ago while closed.
    if (!open) void scores.refetch();
    setOpen(!open);
  };

  return (
    <div>
      <button
        ref={button}
        type="button"
        className="secondary"
        aria-expanded={open}
        aria-controls={panelId}
        aria-haspopup="dialog"
        onClick={toggle}
      >
        Recent scores
        {fresh > 0 && (
          <span
            data-testid="recent-badge"
            aria-label={`${fresh} new`}
            style={{
              marginLeft: '0.4rem',
              padding: '0 0.45rem',
              borderRadius: 999,
              background: 'var(--accent)',
              color: '#0d1117',
              fontSize: '0.8em',
              fontWeight: 600,
            }}
          >
            {fresh >= items!.length ? `${fresh}+` : fresh}
          </span>
        )}
      </button>
      {open && (
        <div
          ref={panel}
          id={panelId}
          role="dialog"
          aria-label="Recent scores"
          tabIndex={-1}
          className="panel"
          style={{
            position: 'fixed',
            top: place.top,
            left: place.left,
            width: place.width,
            maxHeight: '70vh',
            overflowY: 'auto',
            zIndex: 50,
            boxShadow: '0 8px 24px rgba(0,0,0,0.5)',
          }}
        >
          <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
            <strong>Latest ml.score decisions</strong>
            <span className="muted" style={{ fontSize: '0.85em' }}>
              updates every 5 s
            </span>
          </div>
          <QueryState
            isPending={scores.isPending}
            error={scores.error}
            isEmpty={items?.length === 0}
            emptyText="No scores yet."
          >
            <ul style={{ listStyle: 'none', padding: 0, margin: '0.5rem 0' }}>
              {items?.map((entry) => (
                <ScoreItem key={entry.id} entry={entry} onOpen={() => setOpen(false)} />
              ))}
            </ul>
          </QueryState>
          <Link href="/audit?action=ml.score" onClick={() => setOpen(false)}>
            Every score in the audit log
          </Link>
        </div>
      )}
    </div>
  );
}
