'use client';

import { detailsSummary } from './auditFormat';

/** An entry's details: one line, expanding to the whole JSON (open at once when linked to). */
export function AuditDetails({
  action,
  details,
  open,
}: {
  action: string;
  details: unknown;
  open: boolean;
}) {
  return (
    <details open={open}>
      <summary style={{ cursor: 'pointer' }}>{detailsSummary(action, details)}</summary>
      <pre
        style={{
          margin: '0.5rem 0 0',
          padding: '0.5rem',
          background: '#0d1117',
          borderRadius: 6,
          fontSize: '0.85em',
          whiteSpace: 'pre-wrap',
          overflowWrap: 'anywhere',
          maxWidth: '60rem',
        }}
      >
        {JSON.stringify(details, null, 2)}
      </pre>
    </details>
  );
}
