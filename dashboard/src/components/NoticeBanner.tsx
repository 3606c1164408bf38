import { type ApiFailure, failureTitle } from '../api/errors.js';
import { useNow } from '../hooks/useNow.js';

/**
 * The last refusal from the server in words: its own message for 400s, a prompt for 401, and a live
 * countdown from Retry-After for 429/503 (the Run button waits for it too).
 */
export function NoticeBanner(props: {
  failure: ApiFailure;
  retryAtMs: number | null;
  onDismiss: () => void;
  onApiKey: () => void;
}) {
  const { failure } = props;
  const now = useNow(250, props.retryAtMs !== null);
  const remaining = props.retryAtMs === null ? null : Math.max(0, Math.ceil((props.retryAtMs - now) / 1000));
  const tone = failure.kind === 'rate_limited' || failure.kind === 'unavailable' ? 'warn' : 'err';
  return (
    <div className={`banner ${tone}`} role="alert" data-testid="notice">
      <span className="grow">
        <strong>{failureTitle(failure)}.</strong> {failure.message}
        {remaining !== null ? (
          <strong data-testid="countdown">
            {' '}
            {remaining > 0 ? `You can try again in ${remaining} s.` : 'You can try again now.'}
          </strong>
        ) : null}
        {failure.status ? <span className="hint"> (HTTP {failure.status})</span> : null}
      </span>
      {failure.kind === 'unauthorized' ? (
        <button type="button" onClick={props.onApiKey}>
          Enter API key
        </button>
      ) : null}
      <button type="button" onClick={props.onDismiss} aria-label="Dismiss message">
        Dismiss
      </button>
    </div>
  );
}
