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
    instance: Type.String({ description: 'The request path.' }),
    requestId: Type.String({ description: 'The request id (also in the X-Request-Id header); quote it when asking for help.' }),
    errors: Type.Optional(Type.Array(FieldErrorSchema, { description: 'Each offending field, for validation problems.' })),
  },
  { $id: 'Problem', title: 'Problem', additionalProperties: true },
)
export type Problem = Static<typeof ProblemSchema>

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Request Error')
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
export const conflict = (detail: string, extra?: Record<string, unknown>) =>
  new HttpProblem(409, 'conflict', detail, undefined, extra)
export const unprocessable = (detail: string, errors: FieldError[], extra?: Record<string, unknown>) =>
  new HttpProblem(422, 'unprocessable', detail, errors, extra)
export const badRequest = (detail: string, errors?: FieldError[]) => new HttpProblem(400, 'bad-request', detail, errors)

/** Response schemas for error statuses, to spread into a route's `response` map. */
export function problemResponses(...statuses: number[]) {
  const out: Record<number, ReturnType<typeof problemRef>> = {}
  for (const s of statuses) out[s] = problemRef(s)
  return out
}

const problemRef = (status: number) => Type.Ref(ProblemSchema, { description: titleFor(status) })
