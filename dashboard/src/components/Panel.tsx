import { type ReactNode, useId } from 'react';

/** A titled card; the title labels the region for screen readers. */
export function Panel(props: {
  title: string;
  hint?: ReactNode;
  className?: string;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const id = useId();
  return (
    <section className={`panel ${props.className ?? ''}`} aria-labelledby={id} data-testid={props.testId}>
      <header>
        <h2 id={id}>{props.title}</h2>
        {props.hint ? <span className="hint">{props.hint}</span> : null}
        {props.actions}
      </header>
      {props.children}
    </section>
  );
}
