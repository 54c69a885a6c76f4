// The colours of every chart, matching app/globals.css (SVG attributes cannot read CSS variables).

export const CHART_THEME = {
  grid: '#2a3642',
  axis: '#8b9bab',
  text: '#e6edf3',
  tooltipBackground: '#172029',
  tooltipBorder: '#2a3642',
  danger: '#ff6b6b',
  warn: '#d29922',
  /** Series colours in the order series are drawn, unless a series names its own. */
  palette: ['#4ea1ff', '#f0883e', '#3fb950', '#bc8cff', '#e6edf3'],
} as const;
