'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef } from 'react';

/**
 * A list's filters and page cursor, kept in the URL: a filtered, paged view can be reloaded,
 * shared and walked back through with the browser's Back button. A filter at its default is
 * left out of the URL; changing a filter goes back to the first (newest) page.
 */
export function useListParams<F extends Record<string, string>>(defaults: F) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

  const filters = useMemo(() => {
    const values = { ...defaults };
    for (const key of Object.keys(defaults) as (keyof F & string)[]) {
      const value = params.get(key);
      if (value !== null) values[key] = value as F[typeof key];
    }
    return values;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- defaults are a constant per list
  }, [params]);
  const cursor = params.get('cursor') ?? undefined;

  // The URL of a navigation not yet rendered: a second change made before the router re-renders
  // with the first builds on it instead of on the stale params, and so keeps the first.
  const pending = useRef<URLSearchParams | null>(null);
  useEffect(() => {
    pending.current = null;
  }, [params]);

  const navigate = useCallback(
    (changes: Record<string, string | undefined>, mode: 'push' | 'replace') => {
      const next = new URLSearchParams(pending.current ?? params);
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === '' || value === defaults[key]) next.delete(key);
        else next.set(key, value);
      }
      pending.current = next;
      const query = next.toString();
      router[mode](query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- defaults are a constant per list
    [params, pathname, router],
  );

  return {
    filters,
    cursor,
    setFilter: (key: keyof F & string, value: string) =>
      navigate({ [key]: value, cursor: undefined }, 'replace'),
    /** Several filters at once (a range's period, from and to). */
    setFilters: (changes: Partial<Record<keyof F & string, string>>) =>
      navigate({ ...changes, cursor: undefined }, 'replace'),
    /** Pages are history entries: Back returns to the newer page. */
    setCursor: (next: string | undefined) => navigate({ cursor: next }, 'push'),
  };
}
