/** A coloured status word; the word itself carries the meaning, the colour only helps. */
export function StatusBadge(props: { status: string | null | undefined }) {
  const status = props.status ?? 'waiting';
  return <span className={`badge ${status}`}>{status.replace('_', ' ')}</span>;
}
