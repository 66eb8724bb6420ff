import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { PROBLEM_CONTENT_TYPE, problemBody, type FieldError } from './problem.ts'

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
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path segment is too long.' : 'The request path is not valid: it holds a malformed percent-encoding.'
  return sendProblem(request, reply.header('x-request-id', request.id), 400, 'bad-request', detail)
}
