import type { Algorithm } from '../../../src/engine/algorithms.js';
import { SeedEditor } from './SeedEditor.js';

/** The run form: number of inputs, difficulty, algorithm, auto/manual seeds, optional callback URL, Run/Stop. */

export interface FormState {
  count: number;
  difficulty: number;
  algorithm: Algorithm;
  mode: 'auto' | 'manual';
  manualSeeds: string[];
  callbackUrl: string;
}

export function Controls(props: {
  form: FormState;
  onChange: (patch: Partial<FormState>) => void;
  algorithms: readonly Algorithm[];
  maxSeeds: number;
  maxDifficulty: number;
  maxSeedLength: number;
  builtInUrl: string;
  running: boolean;
  problem: string | null;
  waitSeconds: number | null;
  onRun: () => void;
  onStop: () => void;
}) {
  const { form, onChange } = props;
  const clamp = (value: number, max: number) => Math.min(max, Math.max(1, Math.floor(value) || 1));
  const blocked = props.problem !== null || (props.waitSeconds !== null && props.waitSeconds > 0);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocked && !props.running) props.onRun();
      }}
      aria-label="Run settings"
    >
      <div className="controls">
        <div className="field">
          <label htmlFor="count">Number of inputs</label>
          <input
            id="count"
            type="number"
            min={1}
            max={props.maxSeeds}
            value={form.mode === 'manual' ? form.manualSeeds.length : form.count}
            disabled={form.mode === 'manual'}
            onChange={(e) => onChange({ count: clamp(Number(e.target.value), props.maxSeeds) })}
          />
        </div>
        <div className="field">
          <label htmlFor="difficulty">Difficulty</label>
          <input
            id="difficulty"
            type="number"
            min={1}
            max={props.maxDifficulty}
            value={form.difficulty}
            onChange={(e) => onChange({ difficulty: clamp(Number(e.target.value), props.maxDifficulty) })}
          />
        </div>
        <div className="field">
          <label htmlFor="algorithm">Algorithm</label>
          <select
            id="algorithm"
            value={form.algorithm}
            onChange={(e) => onChange({ algorithm: e.target.value as Algorithm })}
          >
            {props.algorithms.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend>Seeds</legend>
          <div className="segmented">
            {(['auto', 'manual'] as const).map((mode) => (
              <label key={mode}>
                <input
                  type="radio"
                  name="seed-mode"
                  value={mode}
                  checked={form.mode === mode}
                  onChange={() => onChange({ mode })}
                />
                {mode === 'auto' ? 'Auto' : 'Manual'}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field grow">
          <label htmlFor="callback">Callback URL (optional)</label>
          <div className="inline wrap">
            <input
              id="callback"
              type="url"
              placeholder="https://example.com/hook"
              value={form.callbackUrl}
              onChange={(e) => onChange({ callbackUrl: e.target.value })}
            />
            <button type="button" onClick={() => onChange({ callbackUrl: props.builtInUrl })}>
              Use built-in receiver
            </button>
            {form.callbackUrl ? (
              <button
                type="button"
                className="small"
                onClick={() => onChange({ callbackUrl: '' })}
                aria-label="Clear callback URL"
              >
                ✕
              </button>
            ) : null}
          </div>
        </div>
        <div className="inline">
          <button type="submit" className="primary" disabled={blocked || props.running} data-testid="run">
            {props.waitSeconds ? `Wait ${props.waitSeconds} s` : 'Run'}
          </button>
          <button type="button" onClick={props.onStop} disabled={!props.running}>
            Stop
          </button>
        </div>
      </div>
      {props.problem ? (
        <p className="problem" role="status">
          {props.problem}
        </p>
      ) : null}
      {form.mode === 'manual' ? (
        <SeedEditor
          seeds={form.manualSeeds}
          max={props.maxSeeds}
          maxLength={props.maxSeedLength}
          onChange={(manualSeeds) => onChange({ manualSeeds })}
        />
      ) : null}
    </form>
  );
}
