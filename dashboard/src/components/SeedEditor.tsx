/** Manual seeds: one text box each, with add and remove; the list length is the number of inputs. */
export function SeedEditor(props: {
  seeds: string[];
  max: number;
  maxLength: number;
  onChange: (seeds: string[]) => void;
}) {
  const { seeds, onChange } = props;
  const set = (i: number, value: string) => onChange(seeds.map((s, j) => (j === i ? value : s)));
  return (
    <div>
      <div className="seed-editor" data-testid="seed-editor">
        {seeds.map((seed, i) => (
          // Seeds can repeat and are edited in place, so the position is the identity here.
          // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity of a manual seed box
          <div className="inline" key={i}>
            <input
              type="text"
              aria-label={`Seed ${i + 1}`}
              value={seed}
              maxLength={props.maxLength}
              onChange={(e) => set(i, e.target.value)}
            />
            <button
              type="button"
              className="small"
              aria-label={`Remove seed ${i + 1}`}
              disabled={seeds.length <= 1}
              onClick={() => onChange(seeds.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </div>
        ))}
      </div>
      <div className="inline" style={{ marginTop: 6 }}>
        <button
          type="button"
          className="small"
          disabled={seeds.length >= props.max}
          onClick={() => onChange([...seeds, ''])}
        >
          + Add seed
        </button>
        <span className="hint">
          {seeds.length} of at most {props.max}
        </span>
      </div>
    </div>
  );
}
