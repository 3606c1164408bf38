import { Scatter } from 'react-chartjs-2';
import { axis, chartColors } from '../charts/setup.js';
import type { Theme } from '../hooks/useTheme.js';
import type { RunState } from '../lib/run-state.js';
import { outOfOrder, timelinePoints } from '../lib/timeline.js';
import { Panel } from './Panel.js';

/** When each seed finished on each path, so the async path's out-of-order completion is visible. */
export function TimelineChart(props: { run: RunState | null; theme: Theme }) {
  const colors = chartColors();
  const points = props.run ? timelinePoints(props.run) : { sync: [], async: [] };
  const shuffled = outOfOrder(points.async);
  const hint = props.run
    ? `${points.sync.length} sync and ${points.async.length} async completions · ${shuffled} async out of order`
    : 'Run to see completions over time';
  return (
    <Panel title="Completion timeline" hint={hint} className="span-2" testId="timeline">
      <div className="chart" role="img" aria-label={`Completion timeline: ${hint}`}>
        <Scatter
          key={props.theme}
          data={{
            datasets: [
              {
                label: 'sync',
                data: points.sync,
                backgroundColor: colors.sync,
                borderColor: colors.sync,
                pointRadius: 4,
                pointStyle: 'rectRot',
              },
              {
                label: 'async',
                data: points.async,
                backgroundColor: colors.async,
                borderColor: colors.async,
                pointRadius: 4,
              },
            ],
          }}
          options={{
            animation: false,
            maintainAspectRatio: false,
            scales: {
              x: { ...axis(colors, 'seconds since first enqueue'), beginAtZero: true },
              y: {
                ...axis(colors, 'seed #'),
                beginAtZero: true,
                ticks: { color: colors.muted, precision: 0 },
              },
            },
            plugins: {
              legend: { labels: { color: colors.text } },
              tooltip: {
                callbacks: {
                  label: (ctx) => {
                    const p = ctx.raw as { x: number; y: number; seed: string };
                    return `${ctx.dataset.label} #${p.y} ${p.seed}: ${p.x.toFixed(3)} s`;
                  },
                },
              },
            },
          }}
        />
      </div>
    </Panel>
  );
}
