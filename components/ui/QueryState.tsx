/** The loading / error / empty states every data panel shows the same way. */
export function QueryState({
  isPending,
  error,
  isEmpty,
  emptyText,
  children,
}: {
  isPending: boolean;
  error: Error | null;
  isEmpty?: boolean;
  emptyText?: string;
  children: React.ReactNode;
}) {
  if (isPending)
    return (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  if (error)
    return (
      <p className="error" role="alert">
        Could not load: {error.message}
      </p>
    );
  if (isEmpty) return <p className="muted">{emptyText ?? 'Nothing here yet.'}</p>;
  return <>{children}</>;
}
