'use client';

import { useState } from 'react';
import type { OpenApiDocument, Operation } from '@/lib/openapi/types';
import { AccessBadge } from './AccessBadge';
import { MethodBadge } from './MethodBadge';
import { OperationDetails } from './OperationDetails';

/**
 * One operation: a line with method, path, access and summary that opens on what it takes
 * (parameters, body) and what it answers; the details are rendered once it is opened.
 */
export function OperationCard({
  method,
  path,
  operation,
  components,
}: {
  method: string;
  path: string;
  operation: Operation;
  components: OpenApiDocument['components'];
}) {
  const title = `${method} ${path}`;
  const [open, setOpen] = useState(false);
  return (
    <details
      id={operation.operationId}
      data-testid={`operation ${title}`}
      style={{ borderTop: '1px solid var(--border)', padding: '0.5rem 0' }}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary style={{ cursor: 'pointer', display: 'flex', flexWrap: 'wrap', gap: '0.5rem' }}>
        <MethodBadge method={method} />
        <code style={{ overflowWrap: 'anywhere' }}>{path}</code>
        <AccessBadge access={operation['x-access']} scope={operation['x-token-scope']} />
        <span className="muted" style={{ flexBasis: '100%' }}>
          {operation.summary}
        </span>
      </summary>
      {open && <OperationDetails title={title} operation={operation} components={components} />}
    </details>
  );
}
