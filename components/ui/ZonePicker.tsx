'use client';

import { ZONE_CHOICES, ZONE_LABELS, isZoneChoice } from './format';
import { useZoneChoice } from './TimeZoneProvider';

/** The viewer's choice of zone for every time shown: UTC, local, or the symbol's exchange. */
export function ZonePicker() {
  const { zone, setZone } = useZoneChoice();
  return (
    <label title="Exchange: a symbol's own exchange zone where a view is about one symbol, else UTC">
      Times
      <select
        value={zone}
        data-testid="zone-picker"
        onChange={(e) => {
          if (isZoneChoice(e.target.value)) setZone(e.target.value);
        }}
      >
        {ZONE_CHOICES.map((z) => (
          <option key={z} value={z}>
            {ZONE_LABELS[z]}
          </option>
        ))}
      </select>
    </label>
  );
}
