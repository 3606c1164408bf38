import { describe, expect, it } from 'vitest';
import { type SseMessage, SseParser } from './sse-parser.js';

function parse(chunks: string[]): { messages: SseMessage[]; parser: SseParser } {
  const messages: SseMessage[] = [];
  const parser = new SseParser((m) => messages.push(m));
  for (const chunk of chunks) parser.push(chunk);
  return { messages, parser };
}

describe('SseParser', () => {
  it('emits named events with their data and ignores comments', () => {
    const { messages, parser } = parse([
      'retry: 2000\nevent: hello\ndata: {"a":1}\n\n: ping\n\nevent: done\ndata: {"b":2}\n\n',
    ]);
    expect(messages).toEqual([
      { event: 'hello', data: '{"a":1}', id: null },
      { event: 'done', data: '{"b":2}', id: null },
    ]);
    expect(parser.retryMs).toBe(2000);
  });

  it('reassembles messages split at any byte, including inside CRLF', () => {
    const text = 'event: queued\r\ndata: {"x":"y"}\r\n\r\nevent: running\r\ndata: 1\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const { messages } = parse([text.slice(0, cut), text.slice(cut)]);
      expect(messages.map((m) => m.event)).toEqual(['queued', 'running']);
      expect(messages[0]?.data).toBe('{"x":"y"}');
    }
  });

  it('joins multi-line data, defaults the event name, and skips blocks without data', () => {
    const { messages } = parse(['data: one\ndata: two\n\nevent: empty\n\nid: 7\ndata:three\n\n']);
    expect(messages).toEqual([
      { event: 'message', data: 'one\ntwo', id: null },
      { event: 'message', data: 'three', id: '7' },
    ]);
  });

  it('holds an unterminated message until its blank line arrives', () => {
    const { messages, parser } = parse(['event: done\ndata: 1\n']);
    expect(messages).toHaveLength(0);
    parser.push('\n');
    expect(messages).toHaveLength(1);
  });
});
