/**
 * npm run bench:request — what one child-level read costs through the whole service (issue #14).
 *
 * GET /v1/authorities/372/children/{childId}/episodes for a child with 6 episodes and one with 59
 * (the demo authority, seed 1, scale 1), side by side in one run against:
 *   - bare: scripts/bench/bare-server.ts, Fastify and pg running the statements the service runs for
 *     this route (captured from the service itself, so the two cannot drift apart);
 *   - service: the real service process (src/server.ts as `npm start` runs it): key check, scopes,
 *     audit event, request log at info, security headers, rate limit, validation, response schema;
 *   - service, LOG_LEVEL=warn: the same without the two request log lines, to price the logging;
 *   - with --ablation, the route's stack composed from the service's own parts
 *     (scripts/bench/request-variant.ts), then without each of request log, helmet, rate limit, audit;
 *   - with --profile (or --profile-only), the service again under `node --cpu-prof`, its CPU time
 *     attributed to whatever package or source file spent it (scripts/bench/cpu-profile.ts);
 *     --keep-profiles DIR keeps the .cpuprofile files.
 * autocannon on loopback, BENCH_CONNECTIONS (20) connections, BENCH_SECONDS (10) per measurement
 * after 2 s of warm-up. The goal: the service at least half the bare server's throughput.
 * BENCH_DATABASE_URL names the PostgreSQL server; the schema is made and dropped.
 */
import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { CamelCasePlugin, Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely'
import pg from 'pg'
import { scriptApp } from '../script-app.ts'
import type { Database } from '../../src/db/database.ts'
import { storeDemoAuthority } from '../demo/store.ts'
import { generateAuthority } from '../demo/generator/index.ts'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import { summariseProfile } from './cpu-profile.ts'
import { BENCH_URL, benchDatabase } from './db.ts'
import { schemaUrl, startService, type ServiceProcess } from './service.ts'

const { values } = parseArgs({
  options: {
    profile: { type: 'boolean', default: false },
    'profile-only': { type: 'boolean', default: false },
    'keep-profiles': { type: 'string' },
    ablation: { type: 'boolean', default: false },
  },
})
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)
const LA = '372'

const handle = await benchDatabase(4)
const { db } = handle
const services: ServiceProcess[] = []
try {
  await db.insertInto('authorities').values({ la: LA, name: 'Bench', updatedAt: new Date() }).execute()
  await storeDemoAuthority(db, generateAuthority({ la: LA, seed: 1, scale: 1, endDate: '2026-03-31' }), '2026-03-31')
  await sql`vacuum analyze`.execute(db)
  const { rows: counts } = await sql<{ childId: string; n: number }>`
    select child_id, count(*)::int as n from episodes where la = ${LA} group by child_id order by child_id`.execute(db)
  const childWith = (n: number) => counts.find((c) => c.n === n)?.childId ?? counts.reduce((a, b) => (Math.abs(b.n - n) < Math.abs(a.n - n) ? b : a)).childId
  const children = [6, 59].map((n) => ({ episodes: counts.find((c) => c.childId === childWith(n))?.n ?? n, childId: childWith(n) }))
  const { key } = await createApiClient(db, { name: 'bench', scopes: ['records:read'], authorities: [LA] })
  const headers = { authorization: `Bearer ${key}` }
  const statements = await routeStatements(children[0]?.childId as string, key)

  const env = { DATABASE_URL: schemaUrl(BENCH_URL, handle.schema), RATE_LIMIT_PER_MINUTE: '1000000000' }
  const measure = async (service: ServiceProcess, childId: string) => {
    const url = `${service.base}/v1/authorities/${LA}/children/${childId}/episodes`
    const check = await fetch(url, { headers })
    if (check.status !== 200) throw new Error(`${url}: ${check.status} ${(await check.text()).slice(0, 300)}`)
    await autocannon({ url, headers, connections: CONNECTIONS, duration: 2 })
    const from = performance.now()
    const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS })
    const to = performance.now()
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, failures: r.non2xx + r.errors + r.timeouts, from, to }
  }
  const variant = async (name: string, extraEnv: Record<string, string>, entry?: string, nodeArgs: string[] = []) => {
    const service = await startService({ ...env, ...extraEnv }, entry, nodeArgs)
    services.push(service)
    const out = []
    for (const child of children) out.push(await measure(service, child.childId))
    await service.stop()
    return { name, out }
  }

  const results = []
  if (!values['profile-only']) {
    results.push(await variant('bare Fastify + pg, the same statements', { BARE_STATEMENTS: JSON.stringify(statements) }, 'scripts/bench/bare-server.ts'))
    results.push(await variant('the service, as deployed (LOG_LEVEL=info)', {}))
    results.push(await variant('the service, LOG_LEVEL=warn (no request log)', { LOG_LEVEL: 'warn' }))
  }
  if (values.ablation) {
    const part = (without: string) =>
      variant(
        without ? `its parts, without ${without}` : 'its parts, composed as src/app.ts does',
        { BENCH_WITHOUT: without },
        'scripts/bench/request-variant.ts',
      )
    for (const without of ['', 'request-log', 'helmet', 'rate-limit', 'audit', 'audit,helmet,rate-limit,request-log']) results.push(await part(without))
  }
  const bare = results[0]?.out ?? []

  console.log(`\n### Per-request cost (scripts/bench/request.ts), ${new Date().toISOString().slice(0, 16)}Z\n`)
  console.log(
    `GET /v1/authorities/${LA}/children/{childId}/episodes, the demo authority (seed 1, scale 1); ${CONNECTIONS} connections, ${SECONDS} s each after 2 s of warm-up; ` +
      `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} at the end. ` +
      `The route runs ${statements.length} statements; the service also checks the key (cached 5 s) and writes an audit event per read (batched).\n`,
  )
  if (results.length) {
    console.log(`| server | ${children.map((c) => `${c.episodes} episodes: req/s | p50 / p99 | vs bare`).join(' | ')} |`)
    console.log(`|---|${children.map(() => '---|---|---|').join('')}`)
    for (const { name, out } of results) {
      const cells = out.map((o, i) => {
        const ratio = bare[i] ? `${Math.round((100 * o.rps) / (bare[i]?.rps ?? 1))}%` : ''
        return `${Math.round(o.rps).toLocaleString('en-GB')}${o.failures ? ` (${o.failures} failed)` : ''} | ${o.p50} / ${o.p99} ms | ${ratio}`
      })
      console.log(`| ${name} | ${cells.join(' | ')} |`)
    }
  }

  if (values.profile || values['profile-only']) {
    for (const child of children) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'cpuprof-'))
      const service = await startService(env, 'src/server.ts', ['--cpu-prof', '--cpu-prof-dir', dir])
      services.push(service)
      const measured = await measure(service, child.childId)
      await service.stop()
      const stopped = performance.now()
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
      if (!file) throw new Error(`no CPU profile in ${dir}`)
      console.log(
        `\nWhere the service's CPU time goes, ${child.episodes} episodes: node --cpu-prof, the ${SECONDS} s measured ` +
          `(${Math.round(measured.rps)} req/s under the profiler):\n`,
      )
      console.log(summariseProfile(path.join(dir, file), 16, { fromMsBeforeEnd: stopped - measured.from, toMsBeforeEnd: stopped - measured.to }))
      // --keep-profiles DIR keeps them, to open in Chrome DevTools (Performance) or read with cpu-profile.ts.
      if (values['keep-profiles']) renameSync(path.join(dir, file), path.join(values['keep-profiles'], `service-${child.episodes}-episodes.cpuprofile`))
      rmSync(dir, { recursive: true, force: true })
    }
  }
} finally {
  for (const s of services) await s.stop()
  await handle.close()
}

/**
 * The statements the service runs for the route, captured by serving one request in-process with a
 * logging Kysely: all but the key lookup and the audit write, with each parameter named when it is
 * the authority or the child id.
 */
async function routeStatements(childId: string, key: string) {
  const seen: CompiledQuery[] = []
  const pool = new pg.Pool({ connectionString: schemaUrl(BENCH_URL, handle.schema), max: 2 })
  const logged = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
    log: (event) => {
      if (event.level === 'query') seen.push(event.query)
    },
  })
  const app = await scriptApp(logged)
  const res = await app.inject({ method: 'GET', url: `/v1/authorities/${LA}/children/${childId}/episodes`, headers: { authorization: `Bearer ${key}` } })
  if (res.statusCode !== 200) throw new Error(`capturing the route's statements: ${res.statusCode} ${res.body.slice(0, 300)}`)
  await app.close()
  await logged.destroy()
  return seen
    .filter((q) => !/"api_clients"|"audit_events"/.test(q.sql))
    .map((q) => ({ sql: q.sql, params: q.parameters.map((p) => (p === LA ? { from: 'la' } : p === childId ? { from: 'childId' } : { value: p })) }))
}
