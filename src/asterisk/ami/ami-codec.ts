import { isUtf8 } from 'node:buffer';
// AMI wire format: "Key: value\r\n" lines, a blank line ends a message, and the very first
// line of a session is a banner with no blank line after it. Shared by the client and the
// emulator so both sides speak byte-identical frames.

/** One AMI message. Keys may repeat (`Output:` in Command, `Variable:` in Status), so we keep an ordered list. */
export class AmiMessage {
  /** Lower-cased key → first value; built on the first miss of an exact lookup only. */
  private folded: Map<string, string> | null = null;

  constructor(readonly fields: ReadonlyArray<readonly [string, string]>) {}

  /** First value of a key, case-insensitive like Asterisk itself. */
  get(key: string): string | undefined {
    // Asterisk spells keys consistently: the exact spelling almost always hits. Lookups of keys an
    // event does not carry (`Interface ?? Location`) are common on the ingest path, so the
    // case-insensitive fallback lower-cases the keys once per message, not once per lookup.
    const f = this.fields;
    for (let i = 0; i < f.length; i++) if (f[i]![0] === key) return f[i]![1];
    if (!this.folded) {
      this.folded = new Map();
      for (const [name, value] of f) {
        const k = name.toLowerCase();
        if (!this.folded.has(k)) this.folded.set(k, value);
      }
    }
    return this.folded.get(key.toLowerCase());
  }

  /** Every value of a repeated key, in order. */
  getAll(key: string): string[] {
    const k = key.toLowerCase();
    return this.fields.filter(([name]) => name.toLowerCase() === k).map(([, v]) => v);
  }

  get event(): string | undefined {
    return this.get('Event');
  }
  get response(): string | undefined {
    return this.get('Response');
  }
  get actionId(): string | undefined {
    return this.get('ActionID');
  }

  /** A plain object view; for repeated keys the first value wins. Handy for logs and tests. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.fields) if (!(k in out)) out[k] = v;
    return out;
  }
}

export class AmiHeaderInjectionError extends Error {
  readonly code = 'AMI_HEADER_INJECTION';
  constructor(key: string) {
    super(`AMI field "${key}" contains CR or LF; refusing to send it (it would inject headers)`);
  }
}

export type AmiFieldInput = Record<string, string | number | boolean | undefined | ReadonlyArray<string>>;

const CRLF_RE = /[\r\n]/;

/** Validate one key/value pair. Keys are also restricted to the characters Asterisk uses. */
function checkField(key: string, value: string): void {
  if (CRLF_RE.test(key) || CRLF_RE.test(value) || !/^[A-Za-z0-9_\-()]+$/.test(key)) {
    throw new AmiHeaderInjectionError(key);
  }
}

/**
 * Encode ordered fields as one AMI frame. Arrays become repeated keys (`Variable: a=1`,
 * `Variable: b=2`), undefined values are left out. Throws AmiHeaderInjectionError if any
 * key or value holds CR or LF, so a caller name or reason typed by a user can never add a header.
 */
export function encodeAmiFields(fields: Iterable<readonly [string, string]>): string {
  let out = '';
  for (const [k, v] of fields) {
    checkField(k, v);
    out += `${k}: ${v}\r\n`;
  }
  return out + '\r\n';
}

/** Encode an object of fields (insertion order kept). */
export function encodeAmi(fields: AmiFieldInput): string {
  const list: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) list.push([k, String(item)]);
    else list.push([k, String(v)]);
  }
  return encodeAmiFields(list);
}

export interface AmiParserOptions {
  /** A line longer than this is dropped (and reported) instead of growing the buffer forever. */
  maxLineBytes?: number;
  /**
   * A frame with more header lines, or more bytes, than this is dropped whole (and reported): a
   * peer that never sends the blank line would otherwise grow one message without end. Real
   * frames are a few dozen lines; a Command's output a few thousand at most.
   */
  maxFrameFields?: number;
  maxFrameBytes?: number;
  /** True for the client side: the first line is the banner. */
  expectBanner?: boolean;
  /**
   * Events nobody downstream reads, dropped as soon as their `Event:` line is seen, before their
   * fields are split: the same list an admin would put in manager.conf's `eventfilter`, for an
   * Asterisk where that was not done (VarSet alone is over half of a chatty dialplan's events).
   */
  dropEvents?: ReadonlySet<string>;
}

export type AmiParseProblem =
  | { kind: 'line-too-long'; bytes: number }
  | { kind: 'frame-too-large'; fields: number; bytes: number }
  | { kind: 'invalid-line'; line: string }
  | { kind: 'invalid-utf8'; line: string };

export interface AmiParserHandlers {
  banner?: (banner: string) => void;
  message: (msg: AmiMessage) => void;
  /** An event named in dropEvents went by unparsed. */
  dropped?: (eventName: string) => void;
  /** Garbage that was skipped; the stream goes on with the next line. */
  problem?: (p: AmiParseProblem) => void;
}

const lenientDecoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Incremental AMI parser over raw bytes. TCP chunking can split a message — or a multi-byte
 * character — anywhere, so bytes after the last LF wait for the next chunk. Everything up to the
 * last LF is checked for valid UTF-8 and decoded in one native call, then split into lines as a
 * string: per-line Buffer slicing and decoding was most of the ingest cost. Bare LF is tolerated
 * as well as CRLF. Persian caller names arrive as raw UTF-8; invalid bytes are replaced and
 * reported, never fatal.
 */
export class AmiParser {
  private pending: Buffer | null = null;
  private dropping = false; // inside an over-long line: discard until its LF
  private droppedBytes = 0;
  private fields: Array<[string, string]> = [];
  private awaitingBanner: boolean;
  private readonly maxLine: number;
  private readonly maxFields: number;
  private readonly maxFrameBytes: number;
  private frameBytes = 0;
  private readonly dropEvents: ReadonlySet<string> | null;
  private inDroppedEvent = false; // skip lines until the blank one that ends the frame

  constructor(
    private readonly handlers: AmiParserHandlers,
    opts: AmiParserOptions = {},
  ) {
    this.awaitingBanner = opts.expectBanner ?? false;
    this.maxLine = opts.maxLineBytes ?? 64 * 1024;
    this.maxFields = opts.maxFrameFields ?? 10_000;
    this.maxFrameBytes = opts.maxFrameBytes ?? 1024 * 1024;
    this.dropEvents = opts.dropEvents && opts.dropEvents.size > 0 ? opts.dropEvents : null;
  }

  push(data: Buffer | string): void {
    let buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (this.dropping) {
      const nl = buf.indexOf(0x0a);
      if (nl === -1) {
        this.droppedBytes += buf.length;
        return;
      }
      this.dropping = false;
      this.handlers.problem?.({ kind: 'line-too-long', bytes: this.droppedBytes + nl });
      this.droppedBytes = 0;
      buf = buf.subarray(nl + 1);
    }
    if (this.pending) {
      buf = Buffer.concat([this.pending, buf]);
      this.pending = null;
    }
    const last = buf.lastIndexOf(0x0a);
    const rest = last === -1 ? buf : buf.subarray(last + 1);
    if (rest.length > this.maxLine) {
      // No LF for too long: this is not an AMI header line; skip it up to its end.
      this.dropping = true;
      this.droppedBytes = rest.length;
    } else if (rest.length) {
      // Copy: the socket may reuse its buffer.
      this.pending = Buffer.from(rest);
    }
    if (last === -1) return;
    const complete = buf.subarray(0, last + 1);
    if (isUtf8(complete)) this.lines(complete.toString('utf8'));
    else this.linesLenient(complete);
  }

  private lines(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) return;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (this.inDroppedEvent) {
        if (end === start) this.inDroppedEvent = false;
      } else if (end - start > this.maxLine) this.handlers.problem?.({ kind: 'line-too-long', bytes: end - start });
      else this.line(text.slice(start, end));
      start = nl + 1;
    }
  }

  /** The slow path for a block with invalid UTF-8: line by line, so only the bad lines are reported. */
  private linesLenient(block: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = block.indexOf(0x0a, start);
      if (nl === -1) return;
      const raw = block.subarray(start, nl);
      start = nl + 1;
      if (isUtf8(raw)) {
        this.lines(`${raw.toString('utf8')}\n`);
        continue;
      }
      const end = raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.length - 1 : raw.length;
      const text = lenientDecoder.decode(raw.subarray(0, end));
      this.handlers.problem?.({ kind: 'invalid-utf8', line: text.slice(0, 200) });
      if (text.length > this.maxLine) this.handlers.problem?.({ kind: 'line-too-long', bytes: raw.length });
      else this.line(text);
    }
  }

  private line(text: string): void {
    if (this.inDroppedEvent) return; // (an invalid-UTF-8 line of a dropped frame comes this way)
    if (this.awaitingBanner) {
      this.awaitingBanner = false;
      if (!text.includes(':') || /^Asterisk Call Manager/i.test(text)) {
        this.handlers.banner?.(text);
        return;
      }
    }
    if (this.fields.length === 0 && this.dropEvents && text.startsWith('Event: ')) {
      const name = text.slice(7);
      if (this.dropEvents.has(name)) {
        this.inDroppedEvent = true;
        this.handlers.dropped?.(name);
        return;
      }
    }
    if (text === '') {
      if (this.fields.length > 0) {
        const msg = new AmiMessage(this.fields);
        this.fields = [];
        this.frameBytes = 0;
        this.handlers.message(msg);
      }
      return;
    }
    const colon = text.indexOf(':');
    if (colon <= 0) {
      this.handlers.problem?.({ kind: 'invalid-line', line: text.slice(0, 200) });
      return;
    }
    const key = text.slice(0, colon).trim();
    // "Key: value" — exactly one space after the colon is the format; "Key:" with nothing is an empty value.
    let value = text.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    this.fields.push([key, value]);
    this.frameBytes += text.length + 2;
    if (this.fields.length > this.maxFields || this.frameBytes > this.maxFrameBytes) {
      // Drop what was gathered and skip the rest of this frame up to its blank line.
      this.handlers.problem?.({ kind: 'frame-too-large', fields: this.fields.length, bytes: this.frameBytes });
      this.fields = [];
      this.frameBytes = 0;
      this.inDroppedEvent = true;
    }
  }

  /** Forget a partial message (used after a reconnect). */
  reset(expectBanner = false): void {
    this.pending = null;
    this.fields = [];
    this.frameBytes = 0;
    this.dropping = false;
    this.droppedBytes = 0;
    this.inDroppedEvent = false;
    this.awaitingBanner = expectBanner;
  }
}
