import { randomUUID } from 'node:crypto'
import { LogController, type FastifyServerOptions } from 'fastify'
import type { Config } from '../config.ts'
import { loggerOptions } from './logging.ts'

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * The Fastify options, built in one place so tests run the server exactly as production does
 * (validation, request ids, limits, logging).
 */
export function fastifyOptions(config: Pick<Config, 'bodyLimit' | 'logLevel'>, logger?: FastifyServerOptions['loggerInstance']): FastifyServerOptions {
  return {
    ...(logger ? { loggerInstance: logger } : { logger: loggerOptions(config.logLevel) }),
    bodyLimit: config.bodyLimit,
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // Accept a caller's request id only when it is a plain token: it is echoed and logged.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id']
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: {
      customOptions: {
        // Unknown fields are refused, not silently dropped: a contract service says what it did not take.
        removeAdditional: false,
        allErrors: true,
        coerceTypes: 'array',
        useDefaults: true,
      },
    },
    routerOptions: { ignoreTrailingSlash: true },
  }
}
