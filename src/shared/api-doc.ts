import { z } from 'zod';

// OpenAPI for the REST API, from the zod objects the handlers already parse with. The schema a
// route declares is documentation only: the /api/v1 scope's validator and serializer compilers
// pass everything through, so parseInput in the handler stays the one validator (one error shape).

/** The session cookie, as the document's security scheme names it (see src/http/openapi.ts). */
export const SESSION_SECURITY = 'session';

type Shape = z.ZodType;

export interface RouteDocInput {
  summary: string;
  /** The domain (folder) the route belongs to, e.g. "cti". */
  tags: string | string[];
  description?: string;
  params?: Shape;
  querystring?: Shape;
  body?: Shape;
  /** Responses by status: a zod shape, or a description with an optional shape. */
  response?: Record<number, Shape | { description: string; schema?: Shape }>;
  /** Answered without a session (e.g. sign-in). */
  public?: boolean;
}

/** A JSON Schema (OpenAPI 3.0 dialect) of what a client sends or receives. */
export function jsonSchemaOf(s: Shape, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  // Transforms and refinements cannot be written as JSON Schema: they are left open ({}), not refused.
  const j = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  delete j.$schema;
  return j;
}

const describeStatus = (status: number) =>
  status < 300 ? 'Success' : status === 401 ? 'Not signed in' : status === 403 ? 'Role not allowed' : 'Error';

/** Every error the API answers (see errors.ts): a stable code, a message saying what to do next. */
const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** What any route may answer besides its own responses: success, bad input, no session, wrong role. */
function standardResponses(d: RouteDocInput): NonNullable<RouteDocInput['response']> {
  const given = d.response ?? {};
  const out: NonNullable<RouteDocInput['response']> = {};
  if (!Object.keys(given).some((s) => Number(s) < 300)) out[200] = { description: 'Success' };
  if (d.params || d.querystring || d.body)
    out[400] = { description: 'Invalid input (code VALIDATION, fields in details)', schema: errorBody };
  if (!d.public) Object.assign(out, { 401: errorBody, 403: errorBody });
  return Object.assign(out, given);
}

/** The `schema` of a route's options: summary, tags, security, and its inputs and outputs as JSON Schema. */
export function apiDoc(d: RouteDocInput): Record<string, unknown> {
  const schema: Record<string, unknown> = {
    summary: d.summary,
    tags: [d.tags].flat(),
    ...(d.description ? { description: d.description } : {}),
    security: d.public ? [] : [{ [SESSION_SECURITY]: [] }],
  };
  if (d.params) schema.params = jsonSchemaOf(d.params);
  if (d.querystring) schema.querystring = jsonSchemaOf(d.querystring);
  if (d.body) schema.body = jsonSchemaOf(d.body);
  schema.response = Object.fromEntries(
    Object.entries(standardResponses(d)).map(([status, r]) => {
      const shape = r instanceof z.ZodType ? r : r.schema;
      const description = r instanceof z.ZodType ? describeStatus(Number(status)) : r.description;
      return [status, { description, ...(shape ? jsonSchemaOf(shape, 'output') : {}) }];
    }),
  );
  return schema;
}
