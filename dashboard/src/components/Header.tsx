import type { HealthState } from '../hooks/useHealth.js';
import type { Theme } from '../hooks/useTheme.js';
import { ms } from '../lib/format.js';

/** Title, backend status with latency, API key and theme switches. */
export function Header(props: {
  health: HealthState;
  theme: Theme;
  onToggleTheme: () => void;
  apiKeySet: boolean;
  onApiKey: () => void;
}) {
  const { health } = props;
  const h = health.health;
  const label =
    health.online === null
      ? 'Connecting…'
      : health.online
        ? `Online · ${ms(health.latencyMs, 0)}`
        : 'Offline';
  return (
    <header className="header">
      <div className="brand">
        <h1>Consuma</h1>
        <p>Proof-of-work, sync vs async, side by side</p>
      </div>
      <div className="header-tools">
        <div className="status-pill" data-testid="backend-status">
          {/* Only the state is announced; the latency changes every few seconds and would be noise. */}
          <span className="sr-only" role="status">
            {health.online === null ? '' : health.online ? 'Backend online' : 'Backend offline'}
          </span>
          <span
            className={`dot ${health.online === null ? '' : health.online ? 'ok' : 'bad'}`}
            aria-hidden="true"
          />
          <span>{label}</span>
          {h && health.online ? (
            <span className="meta">
              {h.mode} · {h.engine} · {h.pool.threads} threads · v{h.version}
            </span>
          ) : null}
        </div>
        <button type="button" onClick={props.onApiKey}>
          {props.apiKeySet ? 'API key (set)' : 'API key'}
        </button>
        <button
          type="button"
          onClick={props.onToggleTheme}
          aria-pressed={props.theme === 'dark'}
          title="Switch between light and dark theme"
        >
          <span aria-hidden="true">☾</span> Dark theme
        </button>
      </div>
    </header>
  );
}
