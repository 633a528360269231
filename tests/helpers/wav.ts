/** A RIFF/WAVE PCM file of `ms` of silence-ish tone, for prompt upload tests. */
export function wavFile(o: { ms: number; rate?: number; channels?: number; bits?: number; format?: number }): Buffer {
  const rate = o.rate ?? 8000;
  const channels = o.channels ?? 1;
  const bits = o.bits ?? 16;
  const blockAlign = (channels * bits) / 8;
  const dataSize = Math.round((rate * o.ms) / 1000) * blockAlign;
  const buf = Buffer.alloc(44 + dataSize);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataSize, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(o.format ?? 1, 20);
  buf.writeUInt16LE(channels, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * blockAlign, 28);
  buf.writeUInt16LE(blockAlign, 32);
  buf.writeUInt16LE(bits, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataSize, 40);
  for (let i = 44; i + 1 < buf.length; i += 2) buf.writeInt16LE(Math.round(3000 * Math.sin(i / 10)), i);
  return buf;
}

/** What PUT /survey/prompts answers: the stored prompt, or an error. */
export interface PromptAnswer {
  prompt?: string;
  language?: string;
  durationMs?: number;
  error: { code: string; message: string };
}

export async function putPrompt(
  baseUrl: string,
  cookie: string,
  lang: string,
  name: string,
  body: Buffer,
  contentType = 'audio/wav',
): Promise<{ status: number; body: PromptAnswer }> {
  const res = await fetch(`${baseUrl}/api/v1/survey/prompts/${lang}/${name}`, {
    method: 'PUT',
    headers: { cookie, 'content-type': contentType },
    body: new Uint8Array(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as PromptAnswer };
}
