// Replays every real AMI capture through the parser: whole, in the real TCP chunks, and byte by
// byte, and checks the facts the transcripts README documents (banner, repeated keys, raw UTF-8).

import { describe, expect, it } from 'vitest';
import { type AmiMessage, type AmiParseProblem, AmiParser } from '../../../src/asterisk/ami/ami-codec.ts';
import { classifyAmiMessage } from '../../../src/asterisk/ami/ami-message-kind.ts';
import { AMI_CAPTURES, type AmiCapture, readInChunks, readRaw, readTxt } from './helpers/transcripts.ts';

function parse(chunks: Iterable<Buffer>): { banners: string[]; messages: AmiMessage[]; problems: AmiParseProblem[] } {
  const banners: string[] = [];
  const messages: AmiMessage[] = [];
  const problems: AmiParseProblem[] = [];
  const parser = new AmiParser(
    { banner: (b) => banners.push(b), message: (m) => messages.push(m), problem: (p) => problems.push(p) },
    { expectBanner: true },
  );
  for (const c of chunks) parser.push(c);
  return { banners, messages, problems };
}

function* bytewise(buf: Buffer): Generator<Buffer> {
  for (let i = 0; i < buf.length; i++) yield buf.subarray(i, i + 1);
}

/** Server messages in the transcript, minus the banner. */
function expectedCount(name: AmiCapture): number {
  return readTxt(name).filter((e) => e.dir === 'in').length - 1;
}

const fieldsOf = (ms: AmiMessage[]) => ms.map((m) => m.fields);

describe('AmiParser on the real captures', () => {
  for (const name of AMI_CAPTURES) {
    it(`${name}: whole file, real TCP chunks and single bytes all give the transcript's messages`, () => {
      const whole = parse([readRaw(name)]);
      expect(whole.banners).toEqual(['Asterisk Call Manager/11.0.0']);
      expect(whole.problems).toEqual([]);
      expect(whole.messages).toHaveLength(expectedCount(name));

      const chunked = parse(readInChunks(name));
      expect(chunked.banners).toEqual(whole.banners);
      expect(chunked.problems).toEqual([]);
      expect(fieldsOf(chunked.messages)).toEqual(fieldsOf(whole.messages));

      const bytes = parse(bytewise(readRaw(name)));
      expect(fieldsOf(bytes.messages)).toEqual(fieldsOf(whole.messages));

      // Every message is an event or a response, and none looks run-on to the client's repair
      // heuristic (no real frame carries a second Event:, nor a Response followed by an Event:).
      for (const m of whole.messages) {
        const kind = classifyAmiMessage(m);
        expect(kind.event ?? kind.response).toBeDefined();
        expect(kind.runOn).toBeUndefined();
      }
    });
  }

  it('keeps repeated keys: Command Output lines and Status Variable lines', () => {
    const { messages } = parse([readRaw('ami-actions')]);
    const queueShow = messages.find((m) => m.actionId === 'ami-actions-6')!;
    expect(queueShow.get('Message')).toBe('Command output follows');
    const output = queueShow.getAll('Output');
    expect(output).toHaveLength(7);
    expect(output[0]).toMatch(/^q137 has 0 calls/);
    expect(output[1]).toBe('   Members: ');
    expect(output.slice(-2)).toEqual(['', '']);

    const status = messages.find((m) => m.event === 'Status' && m.actionId === 'ami-actions-21')!;
    expect(status.getAll('Variable')).toEqual(['CTI_TAG=abc123', 'CTI_NOTE=hello']);
    // ActionID is the last field of this event: placement must not matter.
    expect(status.fields.at(-1)).toEqual(['ActionID', 'ami-actions-21']);
  });

  it('decodes the Persian caller name sent as raw UTF-8, even when split inside a character', () => {
    const raw = readRaw('ami-queue-then-stasis');
    const name = 'شهروند آزمایشی';
    const at = raw.indexOf(Buffer.from(name, 'utf8'));
    expect(at).toBeGreaterThan(0);
    // Cut in the middle of the first two-byte letter.
    const { messages, problems } = parse([raw.subarray(0, at + 1), raw.subarray(at + 1)]);
    expect(problems).toEqual([]);
    const withName = messages.filter((m) => m.get('CallerIDName') === name);
    expect(withName.length).toBeGreaterThan(0);
    expect(withName[0]!.get('CallerIDNum')).toBe('09121234567');
  });

  it('keeps empty values ("Key: " with nothing after it)', () => {
    const { messages } = parse([readRaw('ami-actions')]);
    const member = messages.find((m) => m.event === 'QueueMember')!;
    expect(member.get('PausedReason')).toBe('');
  });

  it('login failure: Permission denied before login, then Authentication failed', () => {
    const { messages } = parse([readRaw('ami-login-failure')]);
    expect(messages.map((m) => [m.response, m.get('Message')])).toEqual([
      ['Error', 'Permission denied'],
      ['Error', 'Authentication failed'],
    ]);
  });
});
