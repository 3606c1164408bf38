import {
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';

/**
 * Registers only the chart.js pieces the dashboard draws (scatter and line charts on linear axes), and
 * reads the theme's colours from the CSS variables so charts follow light/dark like everything else.
 */
Chart.register(
  CategoryScale,
  LinearScale,
  PointElement,
  LineElement,
  ScatterController,
  LineController,
  Filler,
  Legend,
  Tooltip,
);

export interface ChartColors {
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly sync: string;
  readonly async: string;
  readonly ok: string;
  readonly err: string;
  readonly warn: string;
  readonly accent: string;
}

export function chartColors(): ChartColors {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#111'),
    muted: v('--muted', '#555'),
    grid: v('--border', '#ddd'),
    sync: v('--sync', '#7c3aed'),
    async: v('--async', '#0e7490'),
    ok: v('--ok', '#15803d'),
    err: v('--err', '#b91c1c'),
    warn: v('--warn', '#92400e'),
    accent: v('--accent', '#1d4ed8'),
  };
}

/** Axis styling shared by every chart. */
export function axis(colors: ChartColors, title: string) {
  return {
    title: { display: true, text: title, color: colors.muted },
    ticks: { color: colors.muted },
    grid: { color: colors.grid },
    border: { color: colors.grid },
  };
}
