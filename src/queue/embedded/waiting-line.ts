/**
 * The FIFO of jobs waiting for a runner. Entries leave only from the front, so each entry's ticket and the
 * running total of work queued before it give its position and the work ahead of it in O(1), which is what
 * lets a status poll for 500 ids in a 10,000-deep queue stay cheap.
 */

interface Ticket {
  readonly id: string;
  readonly number: number;
  /** Hash steps of every entry queued before this one since the line was created. */
  readonly stepsBefore: number;
  readonly enteredAtMs: number;
}

export interface LinePlace {
  readonly position: number;
  readonly stepsAhead: number;
}

export class WaitingLine {
  private entries: Ticket[] = [];
  private head = 0;
  private issued = 0;
  private stepsIssued = 0;
  private readonly byId = new Map<string, Ticket>();

  get length(): number {
    return this.entries.length - this.head;
  }

  push(id: string, steps: number, nowMs: number): void {
    const ticket = { id, number: this.issued++, stepsBefore: this.stepsIssued, enteredAtMs: nowMs };
    this.stepsIssued += steps;
    this.entries.push(ticket);
    this.byId.set(id, ticket);
  }

  shift(): string | undefined {
    const ticket = this.entries[this.head];
    if (!ticket) return undefined;
    this.head += 1;
    this.byId.delete(ticket.id);
    // Compact now and then instead of Array#shift on every take (O(n) each).
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return ticket.id;
  }

  place(id: string): LinePlace | null {
    const ticket = this.byId.get(id);
    const front = this.entries[this.head];
    if (!ticket || !front) return null;
    return { position: ticket.number - front.number, stepsAhead: ticket.stepsBefore - front.stepsBefore };
  }

  oldestEnteredAtMs(): number | null {
    return this.entries[this.head]?.enteredAtMs ?? null;
  }

  /** Empty the line, returning what was waiting (shutdown). */
  drain(): string[] {
    const ids = this.entries.slice(this.head).map((t) => t.id);
    this.entries = [];
    this.head = 0;
    this.byId.clear();
    return ids;
  }
}
