/**
 * Just enough of the text/event-stream format for the job follower: split the byte stream into event
 * blocks (blank-line separated) and read each block's `event:` name and JSON `data:`.
 */

export class SseSplitter {
  private buffer = '';

  /** Feeds text; returns the complete blocks it finished. */
  push(text: string): string[] {
    this.buffer += text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
    const blocks = this.buffer.split('\n\n');
    this.buffer = blocks.pop() ?? '';
    return blocks;
  }
}

export interface SseEvent {
  readonly type: string;
  readonly data: unknown;
}

/** Null for comments, keep-alives and blocks whose data is not JSON. */
export function parseSseBlock(block: string): SseEvent | null {
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  try {
    return { type, data: JSON.parse(data.join('\n')) };
  } catch {
    return null;
  }
}
