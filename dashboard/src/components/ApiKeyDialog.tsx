import { useEffect, useRef, useState } from 'react';

/** Modal prompt for the API key; the key is kept in sessionStorage by useApiKey. */
export function ApiKeyDialog(props: {
  open: boolean;
  current: string | null;
  onSave: (key: string | null) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState(props.current ?? '');

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) {
      setValue(props.current ?? '');
      dialog.showModal?.();
    } else if (!props.open && dialog.open) dialog.close();
  }, [props.open, props.current]);

  return (
    <dialog ref={ref} onClose={props.onClose} aria-labelledby="api-key-title">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          props.onSave(value);
        }}
      >
        <h2 id="api-key-title" style={{ margin: 0, fontSize: '1.05rem' }}>
          API key
        </h2>
        <p className="hint" style={{ margin: 0 }}>
          This server requires an <code>X-API-Key</code>. It is kept for this tab only (sessionStorage).
        </p>
        <label className="field">
          <span className="label">Key</span>
          <input
            type="password"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            data-testid="api-key-input"
          />
        </label>
        <div className="actions">
          <button type="button" onClick={() => props.onSave(null)}>
            Forget key
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}
