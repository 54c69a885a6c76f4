/** A moment as components/ui/format.ts shows it: date, time and zone ("Dec 2, 2026, 2:31:54 AM UTC"). */
export const DATED_TIME =
  /[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d(:\d\d)? [AP]M [A-Z][A-Za-z0-9+:-]+/;
