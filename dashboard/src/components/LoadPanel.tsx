import { useEffect, useRef, useState } from 'react';
import type { ApiClient, DashboardConfig } from '../api/client.js';
import type { ApiFailure } from '../api/errors.js';
import type { Theme } from '../hooks/useTheme.js';
import { int, ms } from '../lib/format.js';
import { LOAD_BOUNDS, type LoadOptions, LoadRunner, type LoadSnapshot } from '../lib/load-runner.js';
import { bucketize, countOutcomes } from '../lib/load-stats.js';
import { percentiles } from '../lib/percentiles.js';
import { Panel } from './Panel.js';
import { SeriesChart } from './SeriesChart.js';

/** Bounded load from this browser against this server, with live throughput and latency. */
export function LoadPanel(props: {
  client: ApiClient;
  theme: Theme;
  config: DashboardConfig;
  onFailure: (failure: ApiFailure) => void;
}) {
  const [options, setOptions] = useState<LoadOptions>({
    mode: 'sync',
    ratePerSec: 5,
    concurrency: 4,
    total: 50,
    durationSec: 20,
    seedsPerRequest: 1,
    difficulty: 1,
    algorithm: 'sha256',
  });
  const [snapshot, setSnapshot] = useState<LoadSnapshot | null>(null);
  const runner = useRef<LoadRunner | null>(null);

  useEffect(() => () => runner.current?.stop(), []);

  const running = snapshot?.running ?? false;
  const start = () => {
    runner.current?.stop();
    const r = new LoadRunner(props.client, options, (s) => {
      if (runner.current === r) setSnapshot(s);
      if (!s.running && s.lastFailure?.kind === 'unauthorized') props.onFailure(s.lastFailure);
    });
    runner.current = r;
    r.start();
  };

  const samples = snapshot?.samples ?? [];
  const counts = countOutcomes(samples);
  const buckets = bucketize(samples);
  const overall = percentiles(samples.filter((s) => s.outcome === 'ok').map((s) => s.latencyMs));
  const limit = props.config.rateLimits[options.mode];
  const numberField = (id: keyof LoadOptions, label: string, max: number) => (
    <div className="field">
      <label htmlFor={`load-${id}`}>{label}</label>
      <input
        id={`load-${id}`}
        type="number"
        min={1}
        max={max}
        value={options[id] as number}
        disabled={running}
        onChange={(e) =>
          setOptions((o) => ({ ...o, [id]: Math.min(max, Math.max(1, Number(e.target.value) || 1)) }))
        }
      />
    </div>
  );
  const stat = (label: string, value: string, testId?: string) => (
    <div className="stat" key={label}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );

  return (
    <Panel
      title="Load"
      className="span-2"
      testId="load-panel"
      hint={`Bounded: ≤ ${LOAD_BOUNDS.total} requests, ≤ ${LOAD_BOUNDS.durationSec} s, ≤ ${LOAD_BOUNDS.rate}/s. Server limit for ${options.mode}: ${limit.max} per ${limit.windowSeconds} s per client.`}
    >
      <form
        className="controls"
        aria-label="Load settings"
        onSubmit={(e) => {
          e.preventDefault();
          if (!running) start();
        }}
      >
        <fieldset>
          <legend>Endpoint</legend>
          <div className="segmented">
            {(['sync', 'async'] as const).map((mode) => (
              <label key={mode}>
                <input
                  type="radio"
                  name="load-mode"
                  value={mode}
                  checked={options.mode === mode}
                  disabled={running}
                  onChange={() => setOptions((o) => ({ ...o, mode }))}
                />
                {mode}
              </label>
            ))}
          </div>
        </fieldset>
        {numberField('ratePerSec', 'Rate (req/s)', LOAD_BOUNDS.rate)}
        {numberField('concurrency', 'Concurrency', LOAD_BOUNDS.concurrency)}
        {numberField('total', 'Requests', LOAD_BOUNDS.total)}
        {numberField('durationSec', 'Max seconds', LOAD_BOUNDS.durationSec)}
        {numberField('seedsPerRequest', 'Seeds/request', LOAD_BOUNDS.seeds)}
        {numberField('difficulty', 'Difficulty', LOAD_BOUNDS.difficulty)}
        <div className="inline">
          <button type="submit" className="primary" disabled={running}>
            Start load
          </button>
          <button type="button" disabled={!running} onClick={() => runner.current?.stop()}>
            Stop
          </button>
        </div>
      </form>
      <dl className="stats">
        {stat('Sent', int(snapshot?.sent), 'load-sent')}
        {stat('In flight', int(snapshot?.inFlight))}
        {stat('OK', int(counts.ok), 'load-ok')}
        {stat('429 limited', int(counts.rate_limited))}
        {stat('503 refused', int(counts.unavailable))}
        {stat('Errors', int(counts.error + counts.offline))}
        {stat('p50', ms(overall?.p50))}
        {stat('p95', ms(overall?.p95))}
        {stat('Elapsed', snapshot ? `${(snapshot.elapsedMs / 1000).toFixed(1)} s` : '—')}
      </dl>
      {snapshot?.lastFailure ? <p className="hint">Last refusal: {snapshot.lastFailure.message}</p> : null}
      <div className="charts">
        <SeriesChart
          title="Responses per second"
          xTitle="second of the run"
          xMin={0}
          dots
          yTitle="responses"
          theme={props.theme}
          series={[
            { label: 'ok', color: 'ok', points: buckets.map((b) => ({ x: b.second, y: b.ok })) },
            {
              label: 'refused (429/503)',
              color: 'warn',
              points: buckets.map((b) => ({ x: b.second, y: b.refused })),
            },
            { label: 'errors', color: 'err', points: buckets.map((b) => ({ x: b.second, y: b.errors })) },
          ]}
        />
        <SeriesChart
          title="Latency of successful requests (ms)"
          xTitle="second of the run"
          xMin={0}
          dots
          yTitle="ms"
          theme={props.theme}
          series={[
            { label: 'p50', color: 'accent', points: buckets.map((b) => ({ x: b.second, y: b.p50 })) },
            {
              label: 'p95',
              color: 'accent',
              dashed: true,
              points: buckets.map((b) => ({ x: b.second, y: b.p95 })),
            },
          ]}
        />
      </div>
    </Panel>
  );
}
