import { Panel } from './Panel.js';

/** The seeds of the current run (or of the next one, before Run is pressed). */
export function InputsList(props: { seeds: readonly string[]; forRun: boolean }) {
  const shown = props.seeds.slice(0, 500);
  return (
    <Panel
      title="Inputs"
      hint={`${props.seeds.length} seeds ${props.forRun ? 'in this run' : 'for the next run'}`}
    >
      {shown.length === 0 ? (
        <p className="hint">No seeds.</p>
      ) : (
        <ol className="chips" data-testid="inputs">
          {shown.map((seed, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: seeds may repeat; order is their identity
            <li key={i} title={`#${i + 1}`}>
              {seed}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
