'use client';

import { createContext, Fragment, useCallback, useContext, useEffect, useState } from 'react';
import { isZoneChoice, setZoneChoice, type ZoneChoice } from './format';

/** Where the viewer's zone choice is remembered: this cookie (for the server) and localStorage. */
export const ZONE_COOKIE = 'fo-zone';
const STORAGE_KEY = 'fusion-ops.zone';

const ZoneContext = createContext<{ zone: ZoneChoice; setZone: (z: ZoneChoice) => void }>({
  zone: 'utc',
  setZone: () => {},
});

export const useZoneChoice = () => useContext(ZoneContext);

/**
 * The viewer's zone (UTC / local / exchange) behind components/ui/format.ts: every formatTime
 * follows it. The server renders with the cookie's choice; a change is remembered in both the
 * cookie and localStorage and re-renders every page below (the query cache stays).
 */
export function TimeZoneProvider({
  initial,
  children,
}: {
  initial: ZoneChoice;
  children: React.ReactNode;
}) {
  const [zone, setZoneState] = useState<ZoneChoice>(() => {
    setZoneChoice(initial);
    return initial;
  });
  // Set before the children render (they read the module's choice while rendering).
  setZoneChoice(zone);

  const setZone = useCallback((next: ZoneChoice) => {
    setZoneChoice(next);
    setZoneState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage may be unavailable (private mode): the cookie still remembers.
    }
    document.cookie = `${ZONE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
  }, []);

  // A choice stored in this browser but not in the cookie (cleared, expired) wins after mount.
  useEffect(() => {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(STORAGE_KEY);
    } catch {
      stored = null;
    }
    if (isZoneChoice(stored) && stored !== initial) setZone(stored);
  }, [initial, setZone]);

  return (
    <ZoneContext.Provider value={{ zone, setZone }}>
      <Fragment key={zone}>{children}</Fragment>
    </ZoneContext.Provider>
  );
}
