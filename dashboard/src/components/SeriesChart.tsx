import { Line } from 'react-chartjs-2';
import { axis, chartColors } from '../charts/setup.js';
import type { Theme } from '../hooks/useTheme.js';

/** A small multi-line chart over a numeric x axis (seconds), used by the queue and load panels. */

export interface Series {
  readonly label: string;
  readonly color: keyof ReturnType<typeof chartColors>;
  readonly points: readonly { x: number; y: number | null }[];
  readonly dashed?: boolean;
}

export function SeriesChart(props: {
  title: string;
  xTitle: string;
  yTitle: string;
  series: readonly Series[];
  theme: Theme;
  xMin?: number;
  xMax?: number;
  /** Draw the samples as dots too (sparse data, e.g. one bucket per second). */
  dots?: boolean;
}) {
  const colors = chartColors();
  const summary = props.series
    .map((s) => {
      const last = [...s.points].reverse().find((p) => p.y !== null);
      return `${s.label} ${last?.y === undefined || last.y === null ? 'no data' : last.y.toFixed(1)}`;
    })
    .join(', ');
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="hint">{props.title}</figcaption>
      <div className="chart small" role="img" aria-label={`${props.title}: latest ${summary}`}>
        <Line
          key={props.theme}
          data={{
            datasets: props.series.map((s) => ({
              label: s.label,
              data: s.points.map((p) => ({ x: p.x, y: p.y })),
              borderColor: colors[s.color],
              backgroundColor: colors[s.color],
              borderDash: s.dashed ? [5, 4] : [],
              pointRadius: props.dots ? 2.5 : 0,
              borderWidth: 2,
              spanGaps: true,
              tension: 0.2,
            })),
          }}
          options={{
            animation: false,
            maintainAspectRatio: false,
            parsing: false,
            normalized: true,
            interaction: { mode: 'nearest', intersect: false },
            scales: {
              x: { ...axis(colors, props.xTitle), type: 'linear', min: props.xMin, max: props.xMax },
              y: { ...axis(colors, props.yTitle), beginAtZero: true },
            },
            // Thin legend boxes read as line samples, so solid (p50) and dashed (p95) are told apart.
            plugins: { legend: { labels: { color: colors.text, boxWidth: 22, boxHeight: 0 } } },
          }}
        />
      </div>
    </figure>
  );
}
