import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyReply } from 'fastify';

// GeoReport v2 answers in JSON or XML. JSON arrays become repeated elements under the spec's
// group tags (<services><service>…, <attributes><attribute>…, <values><value>…), which is also how
// FixMyStreet's XML::Simple reads them (ForceArray on those tags).

export type Format = 'json' | 'xml';

/** A list's element name per group tag (the spec's examples). */
const ITEM_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

const builder = new XMLBuilder({
  format: true,
  ignoreAttributes: false,
  suppressEmptyNode: false,
  processEntities: true,
});

/** The document's `name.json|xml` split; null when the extension is neither. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1]!, format: m[2] as Format } : null;
}

/** The format a failed route answers in: its extension, JSON when it has none. */
export function formatOfUrl(url: string): Format {
  return /\.xml(\?|$)/.test(url) ? 'xml' : 'json';
}

function toXmlValue(v: unknown, key: string): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) {
    const item = ITEM_OF[key] ?? 'item';
    return { [item]: v.map((x) => toXmlValue(x, item)) };
  }
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toXmlValue(x, k)]));
  }
  return String(v);
}

/** The XML document for `body` under `root` (a list becomes the root's repeated items). */
export function toXml(root: string, body: unknown): string {
  const doc = { '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' }, [root]: toXmlValue(body, root) };
  return builder.build(doc) as string;
}

/** Sends `body` as JSON, or as XML under `root`. */
export function send(reply: FastifyReply, format: Format, root: string, body: unknown, status = 200): FastifyReply {
  reply.code(status);
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
  return reply.type('text/xml; charset=utf-8').send(toXml(root, body));
}

/** An Open311 error: the HTTP status is also its code, as in the spec's examples. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

export function sendErrors(reply: FastifyReply, format: Format, status: number, descriptions: string[]): FastifyReply {
  const errors = descriptions.map((description) => ({ code: status, description }));
  return send(reply, format, 'errors', errors, status);
}
