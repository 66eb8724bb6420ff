import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { databaseUnavailable, RETRY_AFTER_SECONDS } from '../http/database-errors.ts'
import { fieldErrors } from '../http/field-errors.ts'
import { commonProblemStatuses, HttpProblem, problemResponse, ProblemSchema, titleFor } from '../http/problem.ts'
import { sendProblem } from '../http/problem-reply.ts'

function slugFor(status: number): string {
  return titleFor(status)
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
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
        const context = error.validationContext ?? 'body'
        return sendProblem(request, reply, 400, 'validation', `The request ${context} is not valid.`, fieldErrors(error.validation, context))
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

    app.setNotFoundHandler((request, reply) => sendProblem(request, reply, 404, 'not-found', `No route ${request.method} ${request.url.split('?')[0]}.`))
  },
  { name: 'errors', fastify: '5.x' },
)

/** Fastify's own client-error messages are safe to show; a JSON syntax error gets a plainer one. */
function clientMessage(error: FastifyError): string {
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'The body is not valid JSON.'
  return error.message
}
