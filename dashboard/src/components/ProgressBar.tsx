/** Done and failed as one bar, with the numbers as text for anyone not reading colours. */
export function ProgressBar(props: { total: number; done: number; failed: number; label: string }) {
  const { total, done, failed } = props;
  const pct = (n: number) => (total === 0 ? 0 : (n / total) * 100);
  const finished = done + failed;
  return (
    <div>
      <div className="progress-label">
        <span>{props.label}</span>
        <span>
          {finished} / {total} ({Math.round(pct(finished))}%)
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={finished}
      >
        <span className="done" style={{ width: `${pct(done)}%` }} />
        <span className="failed" style={{ width: `${pct(failed)}%` }} />
      </div>
    </div>
  );
}
