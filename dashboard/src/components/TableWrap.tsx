import type { ReactNode } from 'react';

/**
 * The scrolling box around a results table. It is focusable and labelled so keyboard users can scroll a
 * long or wide table with the arrow keys (a scroll container without focusable content is otherwise stuck).
 */
export function TableWrap(props: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled by keyboard
    <section className="table-wrap" aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  );
}
