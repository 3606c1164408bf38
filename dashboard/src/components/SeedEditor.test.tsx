// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { SeedEditor } from './SeedEditor.js';

afterEach(cleanup);

function Harness(props: { initial: string[]; max: number; onSeeds: (s: string[]) => void }) {
  const [seeds, setSeeds] = useState(props.initial);
  return (
    <SeedEditor
      seeds={seeds}
      max={props.max}
      maxLength={10}
      onChange={(next) => {
        setSeeds(next);
        props.onSeeds(next);
      }}
    />
  );
}

describe('SeedEditor', () => {
  it('edits, adds up to the limit, and removes seeds but never the last one', () => {
    let latest: string[] = [];
    render(<Harness initial={['a', 'b']} max={3} onSeeds={(s) => (latest = s)} />);
    fireEvent.change(screen.getByLabelText('Seed 2'), { target: { value: 'zz' } });
    expect(latest).toEqual(['a', 'zz']);

    const add = screen.getByRole('button', { name: '+ Add seed' }) as HTMLButtonElement;
    fireEvent.click(add);
    expect(latest).toEqual(['a', 'zz', '']);
    expect(add.disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Remove seed 1' }));
    expect(latest).toEqual(['zz', '']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove seed 2' }));
    expect(latest).toEqual(['zz']);
    expect((screen.getByRole('button', { name: 'Remove seed 1' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
