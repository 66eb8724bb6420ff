import { buildApp } from './app.ts'
import { openDatabase } from './db/connect.ts'

/**
 * The OpenAPI document exactly as the code describes it. No query runs: the in-memory database only
 * satisfies the app's dependencies.
 */
export async function generateOpenApiDocument(): Promise<string> {
  const handle = await openDatabase({ url: 'postgres://unused@127.0.0.1:1/unused', poolSize: 1 })
  try {
    const app = await buildApp({
      config: { bodyLimit: 1024 * 1024, logLevel: 'silent', rateLimitPerMinute: 1 },
      db: handle.db,
      databaseKind: 'postgres',
      docsUi: false,
    })
    await app.ready()
    const doc = JSON.stringify(app.swagger(), null, 2) + '\n'
    await app.close()
    return doc
  } finally {
    await handle.close()
  }
}
