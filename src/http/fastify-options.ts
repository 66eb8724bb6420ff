import { randomUUID } from 'node:crypto'
import { STATUS_CODES, type ServerOptions } from 'node:http'
import type { Socket } from 'node:net'
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, type Config } from '../config.ts'
import { loggerOptions } from './logging.ts'
import { sharedSerializers } from './serializers.ts'
import { frameworkErrorHandler } from './problem-reply.ts'
import { PROBLEM_CONTENT_TYPE, problemBody } from './problem.ts'

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * The request log: one line per request, when its answer is out, with the request, the status and
 * the time taken, instead of Fastify's two (arrival, then completion): each line costs a
 * serialisation and a redaction pass, a noticeable share of a cheap read (docs/benchmarks.md).
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored')
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed')
  }
}

/** How requests are validated: Fastify's, and the imports' own (they validate their bodies off the event loop). */
export const AJV_OPTIONS = Object.freeze({
  // Unknown fields are refused, not silently dropped: a contract service says what it did not take.
  removeAdditional: false,
  allErrors: true,
  coerceTypes: 'array',
  useDefaults: true,
  // ajv's strict numbers coerce a query's "Infinity" (or "1e400") to Infinity and then skip every
  // number keyword, maximum included. Without them Infinity is a number like any other, so the bounds
  // every request number carries (test/openapi.test.ts) refuse it; "NaN" is never coerced.
  strictNumbers: false,
} as const)

/**
 * The Fastify options, built in one place so tests run the server exactly as production does
 * (validation, request ids, limits, logging).
 */
export function fastifyOptions(
  config: Pick<Config, 'bodyLimit' | 'logLevel'> & Partial<Pick<Config, 'requestTimeoutMs' | 'headersTimeoutMs'>>,
  logger?: FastifyServerOptions['loggerInstance'],
): FastifyServerOptions & { http: ServerOptions } {
  const requestTimeout = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
  const headersTimeout = Math.min(config.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout)
  return {
    ...(logger ? { loggerInstance: logger } : { logger: loggerOptions(config.logLevel) }),
    bodyLimit: config.bodyLimit,
    requestIdHeader: false,
    logController: new OneLinePerRequest({ requestIdLogLabel: 'requestId' }),
    // Accept a caller's request id only when it is a plain token: it is echoed and logged.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id']
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
    },
    // A client sending its request slowly (or not at all) is cut off with a 408 rather than holding a
    // socket and its memory for ever: the whole request within requestTimeout, the headers within
    // headersTimeout. Node checks its connections every connectionsCheckingInterval.
    requestTimeout,
    http: { requestTimeout, headersTimeout, connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))) },
    clientErrorHandler,
    // A URL the router cannot read is a 400 problem like any other, not Fastify's own JSON.
    frameworkErrors: frameworkErrorHandler,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: AJV_OPTIONS },
    schemaController: { compilersFactory: { buildSerializer: sharedSerializers() } },
    routerOptions: { ignoreTrailingSlash: true },
  }
}

const STATUS_SLUGS: Record<number, string> = { 408: 'request-timeout', 431: 'request-header-fields-too-large' }

/**
 * A connection-level error, before or outside any request Fastify routes (a request that timed out,
 * unparsable HTTP): answered as problem+json like every other error, with a request id of its own
 * that the log line carries too, then the socket is closed. Mirrors Fastify's default otherwise.
 */
function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const requestId = randomUUID()
  this.log.info({ requestId, code: err.code, status }, 'client error on the connection')
  if (socket.writable) {
    const detail =
      status === 408 ? 'The request did not arrive in time.' : status === 431 ? 'The request headers are too large.' : 'The request is not valid HTTP.'
    const body = JSON.stringify(problemBody(status, STATUS_SLUGS[status] ?? 'bad-request', detail, requestId, undefined))
    const title = STATUS_CODES[status] ?? 'Bad Request'
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy(err)
}
