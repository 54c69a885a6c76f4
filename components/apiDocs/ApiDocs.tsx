'use client';

import { useMemo, useState } from 'react';
import type { HttpMethod, OpenApiDocument, Operation } from '@/lib/openapi/types';
import { OperationCard } from './OperationCard';

interface Entry {
  method: string;
  path: string;
  operation: Operation;
}

const matches = (entry: Entry, words: string[]) => {
  const text =
    `${entry.method} ${entry.path} ${entry.operation.summary} ${entry.operation['x-access']} ${entry.operation.tags.join(' ')}`.toLowerCase();
  return words.every((word) => text.includes(word));
};

/** The API document grouped by feature (its tags), each operation opening on its details. */
export function ApiDocs({ document }: { document: OpenApiDocument }) {
  const [filter, setFilter] = useState('');
  const entries = useMemo<Entry[]>(
    () =>
      Object.entries(document.paths).flatMap(([path, operations]) =>
        (Object.entries(operations) as [HttpMethod, Operation][]).map(([method, operation]) => ({
          method: method.toUpperCase(),
          path,
          operation,
        })),
      ),
    [document],
  );
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = entries.filter((entry) => matches(entry, words));

  return (
    <>
      <section className="panel" aria-label="About the API">
        <p style={{ marginTop: 0 }}>{document.info.description}</p>
        <p className="muted">
          {document.info.title} {document.info.version} · OpenAPI {document.openapi} ·{' '}
          {entries.length} operations · the document itself:{' '}
          <a href="/api/openapi.json">/api/openapi.json</a> (public; for client generators and API
          tools). Access: <em>public</em>, or the least role (<em>viewer</em>, <em>operator</em>,{' '}
          <em>admin</em>) with the API-token scope that stands in for it. A refusal answers{' '}
          <code>{'{_err, message}'}</code>, <code>_err</code> naming the field.
        </p>
        <label style={{ maxWidth: '28rem' }}>
          Filter
          <input
            type="search"
            value={filter}
            placeholder="e.g. score, POST, breaches, operator"
            onChange={(e) => setFilter(e.target.value)}
          />
        </label>
      </section>
      {shown.length === 0 && <p className="muted">No operation matches “{filter}”.</p>}
      {document.tags.map((tag) => {
        const inTag = shown.filter((entry) => entry.operation.tags.includes(tag.name));
        if (inTag.length === 0) return null;
        return (
          <section key={tag.name} className="panel" aria-label={tag.name}>
            <h2 style={{ margin: '0 0 0.25rem', fontSize: '1.1rem' }}>{tag.name}</h2>
            <p className="muted" style={{ marginTop: 0 }}>
              {tag.description}
            </p>
            {inTag.map((entry) => (
              <OperationCard
                key={`${entry.method} ${entry.path}`}
                method={entry.method}
                path={entry.path}
                operation={entry.operation}
                components={document.components}
              />
            ))}
          </section>
        );
      })}
    </>
  );
}
