'use client';

import { CONFIDENCE_KINDS, type ConfidenceKind } from '@/lib/contracts/calibration';
import { METRIC_WINDOWS } from '@/lib/domain/quality';
import { TF_FAMILIES } from '@/lib/domain/timeframes';
import { useCalibration } from '@/lib/hooks/useCalibration';
import { FilterSelect } from '@/components/ui/FilterSelect';
import { QueryState } from '@/components/ui/QueryState';
import { useListParams } from '@/components/ui/useListParams';
import { HorizonCalibration } from './HorizonCalibration';

type WindowName = (typeof METRIC_WINDOWS)[number]['name'];

const DEFAULTS = { window: 'all', confidence: 'calibrated', horizon: '', tfFamily: '' };

function Switch<T extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly T[];
  value: string;
  onChange: (value: T) => void;
}) {
  return (
    <div>
      <span className="muted" style={{ display: 'block', marginBottom: '0.25rem' }}>
        {label}
      </span>
      <div role="group" aria-label={label} className="row" style={{ gap: '0.5rem' }}>
        {options.map((option) => (
          <button
            key={option}
            type="button"
            className={option === value ? undefined : 'secondary'}
            aria-pressed={option === value}
            onClick={() => onChange(option)}
          >
            {option}
          </button>
        ))}
      </div>
    </div>
  );
}

/**
 * The calibration page: a reliability diagram per horizon for the chosen window and confidence
 * (raw or calibrated), and the maps in use; the filters live in the URL.
 */
export function CalibrationReport() {
  const { filters, setFilter } = useListParams(DEFAULTS);
  const report = useCalibration({
    window: filters.window as WindowName,
    confidence: filters.confidence as ConfidenceKind,
    horizon: filters.horizon || undefined,
    tfFamily: (filters.tfFamily || undefined) as (typeof TF_FAMILIES)[number] | undefined,
  });
  const data = report.data;
  // The horizons to choose from: those of the unfiltered answer (kept while one is chosen).
  const horizons = data?.items.map((i) => i.horizon) ?? [];
  if (filters.horizon && !horizons.includes(filters.horizon)) horizons.push(filters.horizon);

  return (
    <section aria-label="Calibration">
      <div className="row" style={{ marginBottom: '1rem' }}>
        <Switch
          label="Window"
          options={METRIC_WINDOWS.map((w) => w.name)}
          value={filters.window}
          onChange={(v) => setFilter('window', v)}
        />
        <Switch
          label="Confidence"
          options={CONFIDENCE_KINDS}
          value={filters.confidence}
          onChange={(v) => setFilter('confidence', v)}
        />
        <FilterSelect
          label="Horizon"
          value={filters.horizon}
          options={[
            { value: '', label: 'every horizon' },
            ...horizons.map((h) => ({ value: h, label: h })),
          ]}
          onChange={(v) => setFilter('horizon', v)}
        />
        <FilterSelect
          label="Timeframes"
          value={filters.tfFamily}
          options={[
            { value: '', label: 'every family' },
            ...TF_FAMILIES.map((f) => ({ value: f, label: f })),
          ]}
          onChange={(v) => setFilter('tfFamily', v)}
        />
      </div>
      {data && (
        <p className="muted" data-testid="calibration-model">
          Model <strong>{data.model}</strong>. A bucket is calibrated when its hit rate is within ±
          {data.band * 100} % of its mean confidence. Windows are whole UTC days of the predictions,
          as the metrics are.
        </p>
      )}
      <QueryState
        query={report}
        isEmpty={data?.items.length === 0}
        emptyText="No matured predictions yet: the diagrams appear once outcomes are filled."
      >
        {data?.items.map((item) => (
          <HorizonCalibration key={item.horizon} item={item} band={data.band} />
        ))}
      </QueryState>
    </section>
  );
}
