import { useNow } from '../hooks/useNow.js';

/** Shown while the backend cannot be reached: says so plainly, counts down to the next retry. */
export function OfflineBanner(props: {
  failures: number;
  nextCheckAtMs: number | null;
  onRetry: () => void;
}) {
  const now = useNow(500);
  const seconds =
    props.nextCheckAtMs === null ? null : Math.max(0, Math.ceil((props.nextCheckAtMs - now) / 1000));
  return (
    <div className="banner err" role="alert" data-testid="offline-banner">
      <span className="grow">
        <strong>Backend offline.</strong> The server at {window.location.origin} is not answering. Is{' '}
        <code>consuma serve</code> running? {seconds === null ? '' : `Retrying in ${seconds} s`} (attempt{' '}
        {props.failures}).
      </span>
      <button type="button" onClick={props.onRetry}>
        Retry now
      </button>
    </div>
  );
}
