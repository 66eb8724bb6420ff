import type { FastifyRequest, FastifyServerOptions } from 'fastify'

/**
 * Personal fields that must never reach a log line, wherever they sit in a logged object (request,
 * error, body echo). pino's redaction matches fixed paths, so we list the shapes we log.
 */
export const PERSONAL_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'dateOfBirth',
  'dob',
  'nhsNumber',
  'upn',
  'homePostcode',
  'placementPostcode',
  'postcode',
  'key',
  'apiKey',
]

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  ...PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `body.${f}`, `body.*.${f}`, `body.*.*.${f}`]),
]

/** Logs the path without its query string: identifiers such as an NHS number may be sent there. */
function requestSerializer(req: FastifyRequest) {
  const url = req.url ?? ''
  const q = url.indexOf('?')
  return {
    method: req.method,
    url: q === -1 ? url : `${url.slice(0, q)}?[redacted]`,
    routeUrl: req.routeOptions?.url,
    remoteAddress: req.ip,
  }
}

/**
 * Errors keep their kind, message, code and stack, never driver detail: a Postgres constraint error's
 * `detail` can quote the whole failing row, date of birth included.
 */
function errorSerializer(err: Error) {
  const e = err as Error & { code?: unknown; constraint?: unknown; table?: unknown; statusCode?: unknown }
  return {
    type: e.name,
    message: e.message,
    code: e.code,
    constraint: e.constraint,
    table: e.table,
    statusCode: e.statusCode,
    stack: e.stack ?? '',
  }
}

export function loggerOptions(level: string): NonNullable<FastifyServerOptions['logger']> & { level: string } {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { req: requestSerializer, err: errorSerializer },
  }
}
