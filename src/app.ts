import rateLimit from '@fastify/rate-limit'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyBaseLogger, type onResponseHookHandler } from 'fastify'
import type { Kysely } from 'kysely'
import type { Config } from './config.ts'
import { AuditWriter } from './db/audit-writer.ts'
import type { DataVersionFeed } from './db/data-version-feed.ts'
import type { DatabaseKind, DatabaseOptions } from './db/connect.ts'
import type { Database } from './db/database.ts'
import { fastifyOptions } from './http/fastify-options.ts'
import { boardPackSources } from './board-pack-sources.ts'
import { actionPlanRoutes } from './modules/action-plans/routes.ts'
import { auditRoutes } from './modules/audit/routes.ts'
import { authorityRoutes } from './modules/authorities/routes.ts'
import { benchmarkRoutes } from './modules/benchmarks/routes.ts'
import { boardPackRoutes } from './modules/board-pack/routes.ts'
import { childrenRoutes } from './modules/children/routes.ts'
import { clientRoutes } from './modules/clients/routes.ts'
import { codeListRoutes } from './modules/code-lists/routes.ts'
import { dataQualityService } from './modules/data-quality/refresh.ts'
import { dataQualityRoutes } from './modules/data-quality/routes.ts'
import { careLeaverRoutes } from './modules/care-leavers/routes.ts'
import { educationRoutes } from './modules/education/routes.ts'
import { camhsRoutes } from './modules/camhs/routes.ts'
import { advocacyRoutes } from './modules/advocacy/routes.ts'
import { youthJusticeRoutes } from './modules/youth-justice/routes.ts'
import { missingRoutes } from './modules/missing/routes.ts'
import { healthCheckRoutes } from './modules/health-checks/routes.ts'
import { probeRoutes } from './modules/probes/routes.ts'
import { sdqRoutes } from './modules/sdq/routes.ts'
import { kpiRoutes } from './modules/kpis/routes.ts'
import { kpiService } from './modules/kpis/service.ts'
import { kpiWarmer } from './modules/kpis/warm.ts'
import { importRoutes } from './modules/imports/routes.ts'
import { storedReturn } from './modules/imports/stored-return.ts'
import { importWorkerPool } from './modules/imports/worker-pool.ts'
import { movementRoutes } from './modules/movements/routes.ts'
import { webhookDispatcher, type Dispatcher, type DispatcherOptions } from './modules/webhooks/dispatcher.ts'
import { webhookRoutes } from './modules/webhooks/routes.ts'
import { webhookDueSources } from './webhook-due-sources.ts'
import { auditPlugin } from './plugins/audit.ts'
import { authPlugin } from './plugins/auth.ts'
import { errorsPlugin } from './plugins/errors.ts'
import { openapiPlugin } from './plugins/openapi.ts'
import { overloadPlugin } from './plugins/overload.ts'
import { securityHeadersPlugin } from './plugins/security-headers.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves when every audit event recorded so far is written. */
    flushAudit(): Promise<void>
    /**
     * Call when an authority's data has changed in bulk (an import committed): its scorecards at the
     * board's standard dates are computed in the background, so dashboards' first reads are cache
     * hits. Returns at once; do not wait on it in a request. The promise settles when the warming is
     * done and never rejects (tests wait on it).
     */
    dataChanged(la: string): Promise<void>
    /** Resolves when no authority's KPIs are being warmed (tests wait on it before emptying tables). */
    kpisWarmed(): Promise<void>
    /** Resolves when no data-quality refresh after an import is under way (the same, for those). */
    dataQualityRefreshed(): Promise<void>
    /** The webhook dispatcher (null when turned off): tests wait on its idle(). */
    webhooks: Dispatcher | null
  }
}

// Imports answer 201 once committed; their authorities' KPIs are warmed after the answer has left.
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const IMPORT_ROUTES = new Set(['/v1/authorities/:la/imports', '/v1/authorities/:la/imports/ssda903', '/v1/authorities/:la/imports/:runId/revert'])

/** Overload thresholds and connection timeouts: absent ones are off (thresholds) or their defaults (timeouts). */
type ResilienceConfig = Pick<
  Config,
  'overloadMaxEventLoopDelayMs' | 'overloadMaxHeapUsedBytes' | 'overloadMaxRssBytes' | 'requestTimeoutMs' | 'headersTimeoutMs'
>

export interface AppDeps {
  config: Pick<Config, 'bodyLimit' | 'logLevel' | 'rateLimitPerMinute'> &
    Partial<Pick<Config, 'importBodyLimit' | 'importShrinkPercent' | 'importUndoDays' | 'webhookAllowedHosts'>> &
    Partial<ResilienceConfig>
  db: Kysely<Database>
  databaseKind: DatabaseKind
  /**
   * Run imports in a worker thread on connections of its own (PostgreSQL): the service's event loop
   * never carries an import. Without it imports run in the request's process (the embedded database,
   * which lives on this thread).
   */
  importWorker?: { database: DatabaseOptions; memoryMb?: number }
  /** A ready pino logger; without one the app makes its own from config.logLevel. */
  logger?: FastifyBaseLogger
  /** Serve Swagger UI at /docs (off when only the document is wanted). */
  docsUi?: boolean
  /** How often overload is measured, in ms (default 1000; tests shorten it). */
  overloadSampleMs?: number
  /** The webhook dispatcher's settings (tests shorten its waits); false: no dispatcher in this process. */
  webhooks?: DispatcherOptions | false
  /**
   * The database's feed of data version changes (DatabaseHandle.dataVersions): with it, KPI requests
   * take each authority's versions from memory while it is live; without, from the database each time.
   */
  dataVersions?: DataVersionFeed
}

/** Builds the whole service from its dependencies, ready for inject() or listen(); does no I/O itself. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { db, config } = deps
  const app = Fastify(fastifyOptions(config, deps.logger)).withTypeProvider<TypeBoxTypeProvider>()

  // KPI answers are cached per data version, each authority's versions kept in memory while the
  // database's feed of changes is live.
  const kpis = kpiService(db, { dataVersions: deps.dataVersions ?? null })
  app.addHook('onClose', async () => kpis.close())

  // While shutting down, answers in flight also close their connection, so a keep-alive client does
  // not hold the process open until its idle timeout.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id)
    if (closing) reply.header('connection', 'close')
    // A write's transaction has committed (or rolled back) by now: the service forgets the
    // authority's versions before the answer leaves, so the client's next read sees its write even
    // if the database's notification of it has not arrived yet.
    if (!READ_METHODS.has(request.method)) {
      const la = (request.params as { la?: unknown } | undefined)?.la
      if (typeof la === 'string') kpis.forget(la)
    }
    done(null, payload)
  })

  await app.register(errorsPlugin)
  await app.register(
    overloadPlugin({
      maxEventLoopDelayMs: config.overloadMaxEventLoopDelayMs ?? 0,
      maxHeapUsedBytes: config.overloadMaxHeapUsedBytes ?? 0,
      maxRssBytes: config.overloadMaxRssBytes ?? 0,
      ...(deps.overloadSampleMs ? { sampleIntervalMs: deps.overloadSampleMs } : {}),
    }),
  )
  await app.register(securityHeadersPlugin)
  await app.register(openapiPlugin, { ui: deps.docsUi !== false })

  // Read events are written just after their answers; flushAudit waits for them (tests, shutdown).
  const audit = new AuditWriter(db)
  app.decorate('flushAudit', () => audit.drain())

  // After an import, its authority's KPI answers are computed ahead of the first read.
  const warmer = kpiWarmer(kpis, app.log)
  app.decorate('dataChanged', (la: string) => warmer.warm(la))
  app.decorate('kpisWarmed', () => warmer.idle())
  app.addHook('preClose', () => warmer.close())
  // The data-quality refreshes run after an import's answer too; the service is made with the routes.
  let dataQualityIdle = () => Promise.resolve()
  app.decorate('dataQualityRefreshed', () => dataQualityIdle())

  // Partner webhooks are delivered from this process, started with it and stopped before the database.
  const dispatcher =
    deps.webhooks === false
      ? null
      : webhookDispatcher(db, app.log, { allowedHosts: config.webhookAllowedHosts ?? [], due: { sources: webhookDueSources(db) }, ...deps.webhooks })
  app.decorate('webhooks', dispatcher)
  if (dispatcher) {
    app.addHook('onReady', async () => dispatcher.start())
    app.addHook('onClose', () => dispatcher.close())
  }

  // Public: probes only.
  await app.register(probeRoutes(db, deps.databaseKind))

  // Everything under /v1 sits behind the key check: it is added to this scope before any route.
  await app.register(async (v1) => {
    await v1.register(authPlugin(db))
    // Only the import routes carry this hook: other requests pay nothing for it.
    v1.addHook('onRoute', (route) => {
      if (route.method !== 'POST' || !IMPORT_ROUTES.has(route.url)) return
      const warm: onResponseHookHandler = (request, reply, done) => {
        if (reply.statusCode === 201) {
          void app.dataChanged((request.params as { la: string }).la)
          // The run's events are committed: delivered now rather than at the next poll.
          dispatcher?.kick()
        }
        done()
      }
      route.onResponse = [...(Array.isArray(route.onResponse) ? route.onResponse : route.onResponse ? [route.onResponse] : []), warm]
    })
    await v1.register(auditPlugin(db, audit))
    await v1.register(rateLimit, {
      hook: 'preHandler',
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => request.client?.id ?? request.ip,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        message: `Rate limit exceeded: at most ${context.max} requests a minute per client. Retry after ${context.after}.`,
      }),
    })
    await v1.register(authorityRoutes(db))
    await v1.register(clientRoutes(db))
    await v1.register(auditRoutes(db))
    await v1.register(actionPlanRoutes(db))
    await v1.register(codeListRoutes())
    await v1.register(childrenRoutes(db))
    await v1.register(kpiRoutes(db, kpis))
    await v1.register(boardPackRoutes(db, boardPackSources(db, kpis)))
    await v1.register(benchmarkRoutes(db))
    await v1.register(healthCheckRoutes(db))
    await v1.register(sdqRoutes(db))
    await v1.register(careLeaverRoutes(db))
    await v1.register(educationRoutes(db))
    await v1.register(camhsRoutes(db))
    await v1.register(advocacyRoutes(db))
    await v1.register(youthJusticeRoutes(db))
    await v1.register(missingRoutes(db))
    await v1.register(movementRoutes(db))
    await v1.register(webhookRoutes(db, { allowedHosts: config.webhookAllowedHosts ?? [], replayed: () => dispatcher?.kick() }))
    // The DfE rules' findings on the stored data, over the export's own return; refreshed after imports.
    const dataQuality = dataQualityService(db, storedReturn, app.log)
    app.addHook('onClose', () => dataQuality.close())
    dataQualityIdle = () => dataQuality.afterImportDone()
    await v1.register(dataQualityRoutes(db, { bodyLimit: config.importBodyLimit ?? 64 * 1024 * 1024, service: dataQuality }))
    const workers = deps.importWorker
      ? importWorkerPool({ database: deps.importWorker.database, memoryMb: deps.importWorker.memoryMb ?? 2048, idleMs: 60_000, queueLimit: 50 })
      : null
    if (workers) app.addHook('onClose', () => workers.close())
    await v1.register(
      importRoutes(db, {
        bodyLimit: config.importBodyLimit ?? 64 * 1024 * 1024,
        shrinkPercent: config.importShrinkPercent ?? 10,
        undoDays: config.importUndoDays ?? 35,
        ...(workers ? { runner: (job) => workers.run(job) } : {}),
        afterRun: (run) => dataQuality.afterRun(run),
      }),
    )
  })

  return app
}
