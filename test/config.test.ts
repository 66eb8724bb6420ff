import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.ts'

t.test('defaults: embedded database, port 3000', async (t) => {
  const c = loadConfig({})
  t.equal(c.port, 3000)
  t.equal(c.host, '127.0.0.1')
  t.equal(c.databaseUrl, undefined)
  t.equal(c.dataDir, '.data/pglite')
  t.equal(c.logLevel, 'info')
  t.equal(c.bodyLimit, 10 * 1024 * 1024)
})

t.test('reads every variable', async (t) => {
  const c = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    DATABASE_URL: 'postgres://u@db:5432/cp',
    DATA_DIR: '/var/lib/cp',
    LOG_LEVEL: 'warn',
    BODY_LIMIT: '2048',
  })
  t.same([c.port, c.host, c.databaseUrl, c.dataDir, c.logLevel, c.bodyLimit], [8080, '0.0.0.0', 'postgres://u@db:5432/cp', '/var/lib/cp', 'warn', 2048])
})

t.test('the first admin key goes beside the embedded database, or where FIRST_ADMIN_KEY_FILE says; nowhere in memory', async (t) => {
  t.equal(loadConfig({}).firstAdminKeyFile, '.data/pglite/first-admin-key')
  t.equal(loadConfig({ DATA_DIR: '/var/lib/cp' }).firstAdminKeyFile, '/var/lib/cp/first-admin-key')
  t.equal(loadConfig({ DATA_DIR: '/var/lib/cp', FIRST_ADMIN_KEY_FILE: '/run/secrets/cp-admin' }).firstAdminKeyFile, '/run/secrets/cp-admin')
  t.equal(loadConfig({ DATA_DIR: 'memory://' }).firstAdminKeyFile, null)
  t.equal(loadConfig({ DATA_DIR: 'memory://', FIRST_ADMIN_KEY_FILE: '/tmp/k' }).firstAdminKeyFile, '/tmp/k')
})

t.test('a wrong value names the variable', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ BODY_LIMIT: '10' }, /BODY_LIMIT/],
  ]
  for (const [env, pattern] of cases) {
    t.throws(() => loadConfig(env), ConfigError)
    try {
      loadConfig(env)
    } catch (err) {
      t.match((err as Error).message, pattern)
    }
  }
})

t.test('timeouts and overload thresholds: defaults, values, zero turns a threshold off', async (t) => {
  const d = loadConfig({})
  t.same(
    [d.databaseConnectionTimeoutMs, d.requestTimeoutMs, d.headersTimeoutMs, d.overloadMaxEventLoopDelayMs, d.overloadMaxRssBytes],
    [5000, 120_000, 10_000, 500, 0],
  )
  t.ok(d.overloadMaxHeapUsedBytes > 0, 'the heap threshold defaults to part of the V8 heap limit')
  const c = loadConfig({
    DATABASE_CONNECTION_TIMEOUT_MS: '250',
    REQUEST_TIMEOUT_MS: '30000',
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    OVERLOAD_MAX_RSS_BYTES: '1073741824',
  })
  t.same([c.databaseConnectionTimeoutMs, c.requestTimeoutMs, c.overloadMaxEventLoopDelayMs, c.overloadMaxRssBytes], [250, 30_000, 0, 1_073_741_824])
  t.throws(() => loadConfig({ DATABASE_CONNECTION_TIMEOUT_MS: '0' }), /DATABASE_CONNECTION_TIMEOUT_MS/)
  t.throws(() => loadConfig({ OVERLOAD_MAX_HEAP_USED_BYTES: 'lots' }), /OVERLOAD_MAX_HEAP_USED_BYTES/)
})

t.test('the import settings: limits, the shrink guard, undo, and a worker heap that covers the body', async (t) => {
  const c = loadConfig({})
  t.same([c.importBodyLimit, c.importShrinkPercent, c.importUndoDays, c.importWorkerMemoryMb], [64 * 1024 * 1024, 10, 35, 2048])
  const set = loadConfig({ IMPORT_BODY_LIMIT: String(16 * 1024 * 1024), IMPORT_SHRINK_PERCENT: '25', IMPORT_UNDO_DAYS: '7', IMPORT_WORKER_MEMORY_MB: '512' })
  t.same([set.importBodyLimit, set.importShrinkPercent, set.importUndoDays, set.importWorkerMemoryMb], [16 * 1024 * 1024, 25, 7, 512])
  t.throws(() => loadConfig({ IMPORT_BODY_LIMIT: String(512 * 1024 * 1024) }), /IMPORT_BODY_LIMIT/, 'over 256 MiB: a JSON body is one string')
  t.throws(() => loadConfig({ IMPORT_SHRINK_PERCENT: '101' }), /IMPORT_SHRINK_PERCENT/)
  t.throws(() => loadConfig({ IMPORT_WORKER_MEMORY_MB: '1024' }), /IMPORT_WORKER_MEMORY_MB: must be at least 2048 for IMPORT_BODY_LIMIT 67108864/)
})
