/**
 * For scripts/bench/request.ts: the service's stack for the children routes, composed as src/app.ts
 * composes it, with the parts named in BENCH_WITHOUT left out (audit, helmet, rate-limit,
 * request-log), so each one's price is the difference from the variant with everything. Not the
 * deployed service: only what a child-level read passes through (errors, overload check, helmet, key
 * check, audit, rate limit, children routes). Configuration from the environment, as src/server.ts.
 */
import rateLimit from '@fastify/rate-limit'
import Fastify, { LogController } from 'fastify'
import pino from 'pino'
import { loadConfig } from '../../src/config.ts'
import { AuditWriter } from '../../src/db/audit-writer.ts'
import { openDatabase } from '../../src/db/connect.ts'
import { fastifyOptions } from '../../src/http/fastify-options.ts'
import { loggerOptions } from '../../src/http/logging.ts'
import { childrenRoutes } from '../../src/modules/children/routes.ts'
import { probeRoutes } from '../../src/modules/probes/routes.ts'
import { auditPlugin } from '../../src/plugins/audit.ts'
import { authPlugin } from '../../src/plugins/auth.ts'
import { errorsPlugin } from '../../src/plugins/errors.ts'
import { overloadPlugin } from '../../src/plugins/overload.ts'
import { securityHeadersPlugin } from '../../src/plugins/security-headers.ts'

const without = new Set((process.env.BENCH_WITHOUT ?? '').split(',').filter(Boolean))
const config = loadConfig()
const handle = await openDatabase({ url: config.databaseUrl, poolSize: config.databasePoolSize, connectionTimeoutMs: config.databaseConnectionTimeoutMs })
const { db } = handle
const logger = pino(loggerOptions(config.logLevel), pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 }))
const app = Fastify({
  ...fastifyOptions(config, logger),
  ...(without.has('request-log') ? { logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }) } : {}),
})
app.addHook('onSend', (request, reply, payload, done) => {
  reply.header('x-request-id', request.id)
  done(null, payload)
})
await app.register(errorsPlugin)
await app.register(
  overloadPlugin({
    maxEventLoopDelayMs: config.overloadMaxEventLoopDelayMs,
    maxHeapUsedBytes: config.overloadMaxHeapUsedBytes,
    maxRssBytes: config.overloadMaxRssBytes,
  }),
)
if (!without.has('helmet')) await app.register(securityHeadersPlugin)
const audit = new AuditWriter(db)
await app.register(probeRoutes(db, handle.kind))
await app.register(async (v1) => {
  await v1.register(authPlugin(db))
  if (!without.has('audit')) await v1.register(auditPlugin(db, audit))
  if (!without.has('rate-limit')) {
    await v1.register(rateLimit, {
      hook: 'preHandler',
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => request.client?.id ?? request.ip,
    })
  }
  await v1.register(childrenRoutes(db))
})
app.addHook('onClose', async () => {
  await audit.drain()
  await handle.close()
})
await app.listen({ port: config.port, host: config.host })
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0))
})
