const COLOURS: Record<string, string> = {
  GET: 'var(--accent)',
  POST: 'var(--ok)',
  PUT: 'var(--warn)',
  PATCH: 'var(--warn)',
  DELETE: 'var(--danger)',
};

/** An HTTP method in the colour of its kind. */
export function MethodBadge({ method }: { method: string }) {
  return (
    <strong
      style={{
        display: 'inline-block',
        minWidth: '3.8rem',
        fontFamily: 'ui-monospace, monospace',
        color: COLOURS[method] ?? 'var(--text)',
      }}
    >
      {method}
    </strong>
  );
}
