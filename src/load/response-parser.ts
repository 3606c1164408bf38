/**
 * A minimal HTTP/1.1 response reader for the raw load client: status line, the three headers that decide
 * framing (Content-Length, Transfer-Encoding: chunked, Connection), and the body — kept only when asked.
 * Bodies delimited by connection close are not supported (the server always frames its responses); such
 * a response is reported as invalid rather than guessed at.
 */

export interface ParsedResponse {
  readonly status: number;
  readonly body: Buffer | null;
  /** The server will close the connection after this response. */
  readonly close: boolean;
}

const EMPTY = Buffer.alloc(0);
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const MAX_HEAD = 64 * 1024;

export class ResponseParser {
  private buffer: Buffer = EMPTY;
  private wantBody = false;
  private status = 0;
  private close = false;
  private inBody = false;
  private chunked = false;
  /** Content-Length body: bytes still to come. */
  private remaining = 0;
  private parts: Buffer[] = [];

  reset(wantBody: boolean): void {
    this.buffer = EMPTY;
    this.wantBody = wantBody;
    this.status = 0;
    this.close = false;
    this.inBody = false;
    this.chunked = false;
    this.remaining = 0;
    this.parts = [];
  }

  push(chunk: Buffer): ParsedResponse | 'more' | 'invalid' {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    if (!this.inBody) {
      const end = this.buffer.indexOf(HEAD_END);
      if (end === -1) return this.buffer.length > MAX_HEAD ? 'invalid' : 'more';
      if (!this.readHead(this.buffer.toString('latin1', 0, end))) return 'invalid';
      this.buffer = this.buffer.subarray(end + 4);
      this.inBody = true;
      if (this.status < 200 || this.status === 204 || this.status === 304) {
        // 1xx are interim (the server sends none here); no-body statuses end at the head.
        return this.status < 200 ? 'invalid' : this.done();
      }
    }
    return this.chunked ? this.readChunks() : this.readLength();
  }

  private readHead(head: string): boolean {
    const lines = head.split('\r\n');
    const statusLine = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0] ?? '');
    if (!statusLine) return false;
    this.status = Number(statusLine[2]);
    this.close = statusLine[1] === '0';
    let length: number | null = null;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line
        .slice(colon + 1)
        .trim()
        .toLowerCase();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') this.chunked = value.includes('chunked');
      else if (name === 'connection')
        this.close = value.includes('close') || (this.close && !value.includes('keep-alive'));
    }
    if (!this.chunked) {
      if (length === null || !Number.isSafeInteger(length) || length < 0) {
        return this.status === 204 || this.status === 304;
      }
      this.remaining = length;
    }
    return true;
  }

  private readLength(): ParsedResponse | 'more' {
    if (this.buffer.length < this.remaining) return 'more';
    if (this.wantBody) this.parts.push(this.buffer.subarray(0, this.remaining));
    this.buffer = EMPTY;
    return this.done();
  }

  private readChunks(): ParsedResponse | 'more' | 'invalid' {
    for (;;) {
      const lineEnd = this.buffer.indexOf(CRLF);
      if (lineEnd === -1) return 'more';
      const size = Number.parseInt(this.buffer.toString('latin1', 0, lineEnd).split(';', 1)[0] ?? '', 16);
      if (!Number.isSafeInteger(size) || size < 0) return 'invalid';
      if (size === 0) {
        // The last chunk: an empty line, or trailers ending in an empty line.
        const rest = this.buffer.subarray(lineEnd + 2);
        if (rest.length >= 2 && rest[0] === 13 && rest[1] === 10) return this.done();
        return rest.indexOf(HEAD_END) === -1 ? 'more' : this.done();
      }
      const start = lineEnd + 2;
      if (this.buffer.length < start + size + 2) return 'more';
      if (this.wantBody) this.parts.push(this.buffer.subarray(start, start + size));
      this.buffer = this.buffer.subarray(start + size + 2);
    }
  }

  private done(): ParsedResponse {
    const body = this.wantBody ? Buffer.concat(this.parts) : null;
    return { status: this.status, body, close: this.close };
  }
}
