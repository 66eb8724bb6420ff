/**
 * npx tsx scripts/bench/kpis.ts — how fast the KPIs are on a realistic volume.
 *
 * Loads BENCH_AUTHORITIES demo authorities (default 40) at BENCH_SCALE (default 3.5: ~27,000 episodes
 * each, ~1.1M in all, with their health checks, SDQs and care-leaver records) into PostgreSQL, then
 * through the real app (inject: routing, auth, serialisation included) measures:
 *   - the full scorecard for one authority, uncached (every kind of data's version is bumped before
 *     each call), and the same with at most 4 (KPI_STATEMENT_SLOTS) or 10 KPI statements at once,
 *   - the scorecard after a health check (only the health version bumped: the KPIs that read health
 *     checks are recomputed, the rest come from the cache),
 *   - the same scorecard cached,
 *   - a 120-month monthly series of every KPI, uncached.
 * The issue's bars: scorecard p95 < 100 ms uncached and < 5 ms cached; any 120-month series < 1 s.
 *
 * BENCH_DATABASE_URL (or DATABASE_URL, or the local test server) names the server. By default a fresh
 * schema is made and dropped; KPI_BENCH_SCHEMA=<name> keeps one between runs (loaded once).
 * Results go to stdout as a markdown table for docs/benchmarks.md.
 */
import os from 'node:os'
import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import { scriptApp } from '../script-app.ts'
import { storeDemoAuthority } from '../demo/store.ts'
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.ts'
import type { Database } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { bumpDataVersion } from '../../src/db/data-version.ts'
import { generateAuthority } from '../demo/generator/index.ts'
import { headlineKpis, KPI_DEFINITIONS } from '../../src/domain/kpis/index.ts'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import { kpiService, scorecard as scorecardOf, scorecardPoint } from '../../src/modules/kpis/service.ts'
import { BENCH_URL, benchDatabase } from './db.ts'

const AUTHORITIES = Number(process.env.BENCH_AUTHORITIES ?? 40)
const SCALE = Number(process.env.BENCH_SCALE ?? 3.5)
const RUNS = Number(process.env.BENCH_RUNS ?? 40)
const KEEP = process.env.KPI_BENCH_SCHEMA
const END = '2026-03-31'
const AS_AT = '2026-03-31'

async function openKept(schema: string): Promise<DatabaseHandle> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('KPI_BENCH_SCHEMA must be a plain identifier')
  const admin = new pg.Client({ connectionString: BENCH_URL })
  await admin.connect()
  await admin.query('create extension if not exists btree_gist with schema public')
  await admin.query(`create schema if not exists ${schema}`)
  await admin.end()
  const handle = await openDatabase({ url: BENCH_URL, schema, poolSize: 10 })
  await migrateToLatest(handle.db)
  return handle
}

const la = (i: number) => String(600 + i)

/** One demo authority, written with the stores the service itself uses. */
async function load(db: Kysely<Database>, code: string, seed: number): Promise<number> {
  const demo = generateAuthority({ la: code, seed, scale: SCALE, endDate: END })
  await db
    .insertInto('authorities')
    .values({ la: code, name: `Demo ${code}`, populationUnder18: 50_000 + seed * 1000, updatedAt: new Date() })
    .execute()
  await storeDemoAuthority(db, demo, END)
  return demo.children.reduce((n, c) => n + c.episodes.length, 0)
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] as number
}
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`

const handle = KEEP ? await openKept(KEEP) : await benchDatabase(10)
const { db } = handle
try {
  const loaded = await db
    .selectFrom('authorities')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  if (Number(loaded.n) < AUTHORITIES) {
    const t0 = performance.now()
    for (let i = Number(loaded.n); i < AUTHORITIES; i++) {
      const episodes = await load(db, la(i), i + 1)
      process.stderr.write(`loaded ${la(i)}: ${episodes} episodes (${Math.round((performance.now() - t0) / 1000)} s)\n`)
    }
    await sql`vacuum analyze`.execute(db)
  }
  const volume = await sql<{ episodes: string; children: string; checks: string }>`
    select (select count(*) from episodes) as episodes, (select count(*) from children) as children, (select count(*) from health_checks) as checks`.execute(db)

  const app = await scriptApp(db)
  await app.ready()
  const { key } = await createApiClient(db, { name: 'bench', scopes: ['kpi:read'], authorities: ['*'] })
  const headers = { authorization: `Bearer ${key}` }
  const timed = async (url: string) => {
    const t0 = performance.now()
    const res = await app.inject({ method: 'GET', url, headers })
    const took = performance.now() - t0
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`)
    return took
  }
  const bump = (code: string) => bumpDataVersion(db, code)

  // Scorecard, uncached: one authority, its data version bumped before each run so nothing is cached
  // (the bar); then a different authority each run, whose pages are less likely to be in memory.
  const scorecard = (code: string) => `/v1/authorities/${code}/scorecard?asAt=${AS_AT}`
  await timed(scorecard(la(0))) // warm-up (plans, pool)
  const uncached: number[] = []
  for (let r = 0; r < RUNS; r++) {
    await bump(la(0))
    uncached.push(await timed(scorecard(la(0))))
  }
  const rotating: number[] = []
  for (let r = 0; r < (AUTHORITIES > 1 ? RUNS : 0); r++) {
    const code = la(1 + (r % (AUTHORITIES - 1)))
    await bump(code)
    rotating.push(await timed(scorecard(code)))
  }
  // A health check posted: only the KPIs reading health checks are stale.
  const afterHealth: number[] = []
  await timed(scorecard(la(0)))
  for (let r = 0; r < RUNS; r++) {
    await bumpDataVersion(db, la(0), ['health'])
    afterHealth.push(await timed(scorecard(la(0))))
  }
  // The KPI statement slots side by side: the service alone (no HTTP), uncached, 4 and 10 at once.
  const bySlots = new Map<number, number[]>()
  const point = scorecardPoint({ asAt: AS_AT }, AS_AT)
  for (let r = 0; r < RUNS; r++) {
    for (const n of [4, 10]) {
      const svc = kpiService(db, { statementSlots: n })
      await bump(la(0))
      const t0 = performance.now()
      await scorecardOf(svc, la(0), point, false)
      bySlots.set(n, [...(bySlots.get(n) ?? []), performance.now() - t0])
    }
  }
  const cached: number[] = []
  await timed(scorecard(la(0)))
  for (let r = 0; r < RUNS * 5; r++) cached.push(await timed(scorecard(la(0))))

  // A 120-month series of every KPI, uncached.
  const series: Array<{ id: string; took: number }> = []
  for (const def of KPI_DEFINITIONS) {
    await bump(la(1))
    series.push({ id: def.id, took: await timed(`/v1/authorities/${la(1)}/kpis/${def.id}/series?from=2016-04-01&to=2026-03-31&interval=month`) })
  }
  series.sort((a, b) => b.took - a.took)
  await app.close()

  const v = volume.rows[0]
  console.log(`\n### KPIs (scripts/bench/kpis.ts)\n`)
  console.log(
    `${AUTHORITIES} demo authorities at scale ${SCALE}: ${Number(v?.children).toLocaleString('en-GB')} children, ` +
      `${Number(v?.episodes).toLocaleString('en-GB')} episodes, ${Number(v?.checks).toLocaleString('en-GB')} health checks; PostgreSQL, ` +
      `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; through app.inject, as-at ${AS_AT}; ` +
      `scorecard = ${headlineKpis().length} headline KPIs, each at D and D minus 12 months.\n`,
  )
  console.log('| measure | runs | p50 | p95 | max | bar |')
  console.log('|---|---|---|---|---|---|')
  console.log(
    `| scorecard, uncached (one authority) | ${uncached.length} | ${ms(quantile(uncached, 0.5))} | ${ms(quantile(uncached, 0.95))} | ${ms(Math.max(...uncached))} | < 100 ms p95 |`,
  )
  if (rotating.length) {
    console.log(
      `| scorecard, uncached, a different authority each run | ${rotating.length} | ${ms(quantile(rotating, 0.5))} | ${ms(quantile(rotating, 0.95))} | ${ms(Math.max(...rotating))} | |`,
    )
  }
  console.log(
    `| scorecard after a health check (health KPIs recomputed) | ${afterHealth.length} | ${ms(quantile(afterHealth, 0.5))} | ${ms(quantile(afterHealth, 0.95))} | ${ms(Math.max(...afterHealth))} | |`,
  )
  for (const [n, xs] of bySlots)
    console.log(
      `| scorecard, uncached, the service alone, ${n} KPI statements at once | ${xs.length} | ${ms(quantile(xs, 0.5))} | ${ms(quantile(xs, 0.95))} | ${ms(Math.max(...xs))} | |`,
    )
  console.log(
    `| scorecard, cached | ${cached.length} | ${ms(quantile(cached, 0.5))} | ${ms(quantile(cached, 0.95))} | ${ms(Math.max(...cached))} | < 5 ms p95 |`,
  )
  const tooks = series.map((s) => s.took)
  console.log(
    `| 120-month series, each KPI once, uncached | ${series.length} | ${ms(quantile(tooks, 0.5))} | ${ms(quantile(tooks, 0.95))} | ${ms(Math.max(...tooks))} | < 1 s each |`,
  )
  console.log(
    `\nSlowest series: ${series
      .slice(0, 5)
      .map((s) => `${s.id} ${ms(s.took)}`)
      .join(', ')}.`,
  )
} finally {
  await handle.close()
}
