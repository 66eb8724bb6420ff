import type { AddressInfo } from 'node:net'
import closeWithGrace from 'close-with-grace'
import pino from 'pino'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { openDatabase } from './db/connect.ts'
import { migrateToLatest } from './db/migrate.ts'
import { loggerOptions } from './http/logging.ts'
import { countActiveApiClients } from './db/api-clients.ts'
import { SCOPE_NAMES } from './domain/auth/scopes.ts'
import { ensureFirstAdminKey } from './modules/clients/first-admin.ts'

/** The process: configuration, database, migrations, listen, graceful shutdown. */
async function main(config: Config): Promise<void> {
  // Log lines go out in batches (4 KB, or every 250 ms), not one write each: under load a write per
  // line cost about a tenth of a read's CPU (docs/benchmarks.md). What is pending is flushed when the
  // process exits; only a kill -9 can lose it.
  const logger = pino(loggerOptions(config.logLevel), pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 }))
  const handle = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    connectionTimeoutMs: config.databaseConnectionTimeoutMs,
    onIdleError: (err) => logger.warn({ err }, 'an idle database connection failed; it is replaced on next use'),
  })
  logger.info(
    { database: handle.kind, ...(handle.kind === 'pglite' ? { dataDir: config.dataDir } : {}) },
    handle.kind === 'postgres' ? 'using PostgreSQL (DATABASE_URL)' : 'using embedded PostgreSQL (PGlite); set DATABASE_URL for a server',
  )
  const applied = await migrateToLatest(handle.db)
  logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema is current')

  const app = await buildApp({
    config,
    db: handle.db,
    databaseKind: handle.kind,
    logger,
    // Each authority's data versions are kept in memory while the database's notifications of changes are heard.
    dataVersions: await handle.dataVersions(logger),
    // On a server, imports run in a thread of their own with a few connections of their own.
    ...(handle.kind === 'postgres' && config.databaseUrl
      ? {
          importWorker: {
            database: { url: config.databaseUrl, poolSize: 3, connectionTimeoutMs: config.databaseConnectionTimeoutMs },
            memoryMb: config.importWorkerMemoryMb,
          },
        }
      : {}),
  })
  app.addHook('onClose', async () => handle.close())

  closeWithGrace({ delay: config.shutdownGraceMs, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error')
    else logger.info({ signal }, 'shutting down: finishing requests in flight')
    await app.close()
  })

  const firstKeyFile = config.firstAdminKeyFile ? await ensureFirstAdminKey(handle.db, config.firstAdminKeyFile) : null
  // Read before listening: once it listens, a SIGTERM may close the database at any moment, and a
  // query after that made a clean stop exit 1 ("failed to start").
  const noLiveKey = firstKeyFile === null && (await countActiveApiClients(handle.db)) === 0

  await app.listen({ port: config.port, host: config.host })

  if (firstKeyFile) {
    logger.info({ file: firstKeyFile }, 'first start: an admin key was created and written to a file')
    process.stderr.write(
      `\nFirst start: an admin key with every scope for every authority is in ${firstKeyFile} (readable by you only).\n` +
        `  curl -H "Authorization: Bearer $(cat ${firstKeyFile})" http://127.0.0.1:${listeningPort(app.server.address(), config.port)}/v1/authorities\n` +
        'Make narrower keys with POST /v1/clients (or npm run create-client), then delete the file.\n\n',
    )
  } else if (noLiveKey) {
    logger.warn('no API client holds a live key: every /v1 route answers 401 until you create one')
    process.stderr.write(
      '\nNo API client holds a live key. Create an admin key with:\n\n' +
        `  npm run create-client -- --name "Admin" --scopes ${SCOPE_NAMES.join(',')} --authorities "*"\n\n` +
        '(stop the service first when it runs on the embedded database: only one process may open its folder)\n\n',
    )
  }
}

/** The port the server listens on (PORT=0 picks one). */
const listeningPort = (address: string | AddressInfo | null, fallback: number) => (address !== null && typeof address === 'object' ? address.port : fallback)

let config: Config
try {
  config = loadConfig()
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`)
    process.exit(1)
  }
  throw err
}
main(config).catch((err: unknown) => {
  process.stderr.write(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
