import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import pino from 'pino'
import { buildApp, type AppDeps } from '../src/app.ts'
import type { Database } from '../src/db/database.ts'

/**
 * The service as the scripts (benchmarks, demo loader, comparisons) drive it: no rate limit in the way,
 * no Swagger UI, a quiet logger (warnings only with `logLevel: 'warn'`), PostgreSQL unless told. Each
 * script passes only what differs (an import body limit, the import worker, the embedded database).
 */
export function scriptApp(
  db: Kysely<Database>,
  options: { config?: Partial<AppDeps['config']> } & Partial<Omit<AppDeps, 'db' | 'config' | 'logger'>> = {},
): Promise<FastifyInstance> {
  const { config, ...deps } = options
  const logLevel = config?.logLevel ?? 'silent'
  return buildApp({
    databaseKind: 'postgres',
    docsUi: false,
    ...deps,
    config: { bodyLimit: 1 << 20, rateLimitPerMinute: 10_000_000, ...config, logLevel },
    db,
    logger: pino({ level: logLevel }),
  })
}
