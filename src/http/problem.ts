import { Type, type Static } from '@sinclair/typebox'

/** One offending field in a request: where it is (JSON pointer) and why it was refused. */
export const FieldErrorSchema = Type.Object(
  {
    in: Type.Union([Type.Literal('body'), Type.Literal('params'), Type.Literal('querystring'), Type.Literal('headers')], {
      description: 'Which part of the request holds the field.',
    }),
    pointer: Type.String({ description: 'JSON pointer to the field within that part, e.g. /episodes/2/startDate.' }),
    message: Type.String({ description: 'Why the value was refused.' }),
    rule: Type.Optional(Type.String({ description: 'Rule code (the DfE 903 rule number where one exists).' })),
  },
  { additionalProperties: false },
)
export type FieldError = Static<typeof FieldErrorSchema>

/** RFC 9457 problem details, the body of every error this service sends. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem.' }),
    title: Type.String({ description: 'Short summary of the kind of problem.' }),
    status: Type.Integer({ description: 'HTTP status code.' }),
    detail: Type.Optional(Type.String({ description: 'What went wrong with this request.' })),
    instance: Type.Optional(
      Type.String({ description: 'The request path; absent when the request could not be read (an error on the connection, e.g. 408 or 431).' }),
    ),
    requestId: Type.String({ description: 'The request id (also in the X-Request-Id header); quote it when asking for help.' }),
    errors: Type.Optional(Type.Array(FieldErrorSchema, { description: 'Each offending field, for validation problems.' })),
  },
  { $id: 'Problem', title: 'Problem', additionalProperties: true },
)
export type Problem = Static<typeof ProblemSchema>

/** The media type of every error this service sends (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json'
export const PROBLEM_CONTENT_TYPE = `${PROBLEM_MEDIA_TYPE}; charset=utf-8`
const PROBLEM_BASE = 'https://corporate-parenting.example/problems/'

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  431: 'Request Header Fields Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Request Error')
}

/**
 * The body of a problem answer. `instance` is the request path (without the query string, which can
 * hold personal data); it is left out when the request could not be read.
 */
export function problemBody(
  status: number,
  slug: string,
  detail: string | undefined,
  requestId: string,
  instance: string | undefined,
  errors?: FieldError[],
  extra?: Record<string, unknown>,
): Problem {
  return {
    ...extra,
    type: `${PROBLEM_BASE}${slug}`,
    title: titleFor(status),
    status,
    ...(detail ? { detail } : {}),
    ...(instance === undefined ? {} : { instance: instance.split('?')[0] ?? instance }),
    requestId,
    ...(errors && errors.length > 0 ? { errors } : {}),
  }
}

/**
 * An error a handler or domain call throws to answer with a problem: the one error handler turns it
 * into problem+json. `type` is a short slug; the handler makes it a URI.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail)
    this.name = 'HttpProblem'
  }
}

export const notFound = (detail: string) => new HttpProblem(404, 'not-found', detail)
export const unprocessable = (detail: string, errors: FieldError[], extra?: Record<string, unknown>) =>
  new HttpProblem(422, 'unprocessable', detail, errors, extra)
export const badRequest = (detail: string, errors?: FieldError[]) => new HttpProblem(400, 'bad-request', detail, errors)

// Statuses whose answer says when to try again.
const RETRY_AFTER = new Set([429, 503])

const RetryAfterHeader = Type.Integer({ minimum: 0, description: 'Seconds to wait before trying again.' })

/**
 * The contract entry for one error status: a problem+json body, described by its title, with the
 * Retry-After header where the status carries one. Fastify serialises by the reply's media type, so
 * this is also the schema the body is written with.
 */
export function problemResponse(status: number) {
  return {
    description: titleFor(status),
    content: { [PROBLEM_MEDIA_TYPE]: { schema: Type.Ref(ProblemSchema) } },
    ...(RETRY_AFTER.has(status) ? { headers: { 'retry-after': RetryAfterHeader } } : {}),
  }
}
export type ProblemResponse = ReturnType<typeof problemResponse>

/**
 * Response schemas for the error statuses a route gives of its own (404, 409, 422...), to spread into
 * its `response` map. The statuses every route of a kind can give (400, 401, 403, 413, 415, 429, 500,
 * 503...) are added to every route by commonProblemStatuses(), not listed here.
 */
export function problemResponses(...statuses: number[]): Record<number, ProblemResponse> {
  const out: Record<number, ProblemResponse> = {}
  for (const s of statuses) out[s] = problemResponse(s)
  return out
}

/** What commonProblemStatuses needs to know of a route. */
export interface RouteShape {
  method: string
  /** The route needs an API key (it declares security). */
  secured: boolean
  /** The route validates part of the request (params, querystring, headers or body). */
  validates: boolean
}

const BODILESS = new Set(['GET', 'HEAD'])

/**
 * The error statuses a route can give whatever its handler does, from how it is built:
 * - any route: 408 and 431 (the connection: too slow, headers too large), 500, and 503 (overloaded,
 *   the database unreachable, or shutting down);
 * - a route that validates, or takes a body (which may be malformed JSON): 400;
 * - a route that takes a body: 413 (too large) and 415 (a media type it does not read);
 * - a route behind a key: 401 (no valid key), 403 (scope or authority) and 429 (rate limit).
 */
export function commonProblemStatuses(route: RouteShape): number[] {
  const withBody = !BODILESS.has(route.method.toUpperCase())
  return [
    ...(route.validates || withBody ? [400] : []),
    ...(route.secured ? [401, 403] : []),
    408,
    ...(withBody ? [413, 415] : []),
    ...(route.secured ? [429] : []),
    431,
    500,
    503,
  ]
}
