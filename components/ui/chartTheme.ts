// The colours of every chart: CSS variables of app/globals.css, so charts follow the light or
// dark theme with the rest of the page (SVG presentation attributes and styles resolve var()).

export const CHART_THEME = {
  grid: 'var(--chart-grid)',
  axis: 'var(--chart-axis)',
  text: 'var(--text)',
  tooltipBackground: 'var(--panel)',
  tooltipBorder: 'var(--border)',
  danger: 'var(--danger)',
  warn: 'var(--warn)',
  neutral: 'var(--chart-neutral)',
  /** Series colours in the order series are drawn, unless a series names its own. */
  palette: [
    'var(--chart-1)',
    'var(--chart-2)',
    'var(--chart-3)',
    'var(--chart-4)',
    'var(--chart-5)',
  ],
} as const;
