import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { databaseUnavailable, RETRY_AFTER_SECONDS } from '../http/database-errors.ts'
import {
  commonProblemStatuses,
  HttpProblem,
  PROBLEM_CONTENT_TYPE,
  problemBody,
  problemResponse,
  ProblemSchema,
  titleFor,
  type FieldError,
} from '../http/problem.ts'

type ValidationContext = FieldError['in']

interface AjvError {
  instancePath?: string
  message?: string
  keyword?: string
  params?: Record<string, unknown>
}

/**
 * Turns ajv's findings into one entry per offending field, pointing at the field itself. A nullable or
 * union field fails every branch; the branch errors ("must be null", "must match a schema in anyOf")
 * say less than the one about the value's own type, so the field keeps its most specific message.
 */
export function fieldErrors(validation: AjvError[], context: ValidationContext): FieldError[] {
  const byPointer = new Map<string, { message: string; weight: number }>()
  for (const v of validation) {
    let pointer = v.instancePath ?? ''
    const params = v.params ?? {}
    if (typeof params.missingProperty === 'string') pointer += `/${params.missingProperty}`
    if (typeof params.additionalProperty === 'string') pointer += `/${params.additionalProperty}`
    let message = v.message ?? 'is invalid'
    if (v.keyword === 'additionalProperties') message = 'is not a known field'
    if (v.keyword === 'required') message = 'is required'
    const vague = v.keyword === 'anyOf' || v.keyword === 'oneOf' || (v.keyword === 'type' && params.type === 'null')
    const weight = vague ? 0 : 1
    const key = pointer || '/'
    const seen = byPointer.get(key)
    if (!seen || weight > seen.weight) byPointer.set(key, { message, weight })
  }
  return [...byPointer].map(([pointer, { message }]) => ({ in: context, pointer, message }))
}

function slugFor(status: number): string {
  return titleFor(status).toLowerCase().replace(/[^a-z]+/g, '-')
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  slug: string,
  detail: string | undefined,
  errors?: FieldError[],
  extra?: Record<string, unknown>,
) {
  const body = problemBody(status, slug, detail, String(request.id), request.url, errors, extra)
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(body)
}

/**
 * Fastify's `frameworkErrors`: a URL the router cannot read (a malformed percent-encoding, a path
 * segment past maxParamLength) is answered here, before any route or hook, so the request id header
 * is set here too. The detail does not quote the path.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  request.log.info({ code: error.code, status: 400 }, 'client error')
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path segment is too long.'
      : 'The request path is not valid: it holds a malformed percent-encoding.'
  return sendProblem(request, reply.header('x-request-id', request.id), 400, 'bad-request', detail)
}

interface RouteSchemaShape {
  hide?: boolean
  security?: unknown[]
  params?: unknown
  querystring?: unknown
  headers?: unknown
  body?: unknown
  response?: Record<string | number, unknown>
}

/**
 * Declares on a route the error statuses it can give whatever its handler does (see
 * commonProblemStatuses), as problem+json, so the contract lists every answer and Fastify writes each
 * with the problem schema. A status the route declares itself is kept.
 */
function declareCommonProblems(route: { method: string | string[]; schema?: unknown }) {
  const schema = route.schema as RouteSchemaShape | undefined
  if (!schema || schema.hide) return
  const response = (schema.response ??= {})
  const secured = Array.isArray(schema.security) && schema.security.length > 0
  const validates = Boolean(schema.params || schema.querystring || schema.headers || schema.body)
  for (const method of [route.method].flat()) {
    for (const status of commonProblemStatuses({ method, secured, validates })) response[status] ??= problemResponse(status)
  }
}

/**
 * One error handler for the whole service: every error becomes RFC 9457 problem+json carrying the
 * request id. Client mistakes are 4xx with what was wrong; anything else is a 500 that says nothing
 * about the internals (the log has the detail).
 */
export const errorsPlugin = fp(
  async function errors(app: FastifyInstance) {
    app.addSchema(ProblemSchema)
    app.addHook('onRoute', declareCommonProblems)

    app.setErrorHandler((error: FastifyError | HttpProblem, request, reply) => {
      if (error instanceof HttpProblem) {
        if (error.status >= 500) request.log.error({ err: error }, 'request failed')
        return sendProblem(request, reply, error.status, error.slug, error.message, error.errors, error.extra)
      }
      if (error.validation) {
        const context = (error.validationContext ?? 'body') as ValidationContext
        return sendProblem(
          request,
          reply,
          400,
          'validation',
          `The request ${context} is not valid.`,
          fieldErrors(error.validation as AjvError[], context),
        )
      }
      const status = typeof error.statusCode === 'number' ? error.statusCode : 500
      if (status >= 400 && status < 500) {
        request.log.info({ code: error.code, status }, 'client error')
        return sendProblem(request, reply, status, slugFor(status), clientMessage(error))
      }
      const unavailable = databaseUnavailable(error)
      if (unavailable) {
        request.log.warn({ err: error }, 'database unavailable')
        return sendProblem(request, reply.header('retry-after', RETRY_AFTER_SECONDS), 503, 'unavailable', unavailable)
      }
      request.log.error({ err: error }, 'request failed')
      return sendProblem(request, reply, 500, 'internal', 'Something went wrong on our side. Quote the request id when reporting it.')
    })

    app.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, 404, 'not-found', `No route ${request.method} ${request.url.split('?')[0]}.`),
    )
  },
  { name: 'errors', fastify: '5.x' },
)

/** Fastify's own client-error messages are safe to show; a JSON syntax error gets a plainer one. */
function clientMessage(error: FastifyError): string {
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'The body is not valid JSON.'
  return error.message
}
