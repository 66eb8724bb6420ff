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
  t.same([d.databaseConnectionTimeoutMs, d.requestTimeoutMs, d.headersTimeoutMs, d.overloadMaxEventLoopDelayMs, d.overloadMaxRssBytes], [5000, 120_000, 10_000, 500, 0])
  t.ok(d.overloadMaxHeapUsedBytes > 0, 'the heap threshold defaults to part of the V8 heap limit')
  const c = loadConfig({ DATABASE_CONNECTION_TIMEOUT_MS: '250', REQUEST_TIMEOUT_MS: '30000', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', OVERLOAD_MAX_RSS_BYTES: '1073741824' })
  t.same([c.databaseConnectionTimeoutMs, c.requestTimeoutMs, c.overloadMaxEventLoopDelayMs, c.overloadMaxRssBytes], [250, 30_000, 0, 1_073_741_824])
  t.throws(() => loadConfig({ DATABASE_CONNECTION_TIMEOUT_MS: '0' }), /DATABASE_CONNECTION_TIMEOUT_MS/)
  t.throws(() => loadConfig({ OVERLOAD_MAX_HEAP_USED_BYTES: 'lots' }), /OVERLOAD_MAX_HEAP_USED_BYTES/)
})
