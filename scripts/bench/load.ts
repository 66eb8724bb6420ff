/**
 * npm run bench:load -- [--duration 60] — the service under a morning's mixed load (issue #14).
 *
 * A real service process (src/server.ts, as `npm start` runs it: its logging, key checks, audit, rate
 * limit) on PostgreSQL holding BENCH_AUTHORITIES demo authorities (default 40; scale 3.5: ~4,900
 * children and ~27,000 episodes each, with their health checks, SDQs and care leavers), all but one
 * written straight into the tables with the service's stores. For --duration seconds, at fixed
 * arrival rates (open loop, open-loop.ts: requests evenly spaced, each timed from when it was due;
 * at most --connections in flight; loopback only):
 *   - dashboards read scorecards at the board's standard dates and 24-month series of five KPIs, for
 *     every authority, at --rate requests a second in all (two thirds scorecards);
 *   - partners post health checks, one record a request, at --partner-rate a second, spread over the
 *     authorities (each post is a write: audited, and it makes that authority's cached KPIs stale);
 *   - after --import-at seconds, the last authority's nightly snapshot (22 MB of JSON, a full first
 *     import of ~170,000 rows) is posted, and once it commits the service warms that authority's KPIs.
 * Before measuring, the standard-date scorecards are read once (the morning after warming) and the mix
 * runs for a few seconds to warm the JIT. The goal on 2 cores: 1,000 requests a second with p99 under
 * 100 ms and no errors, and the import still finishes.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) names the server. A schema is
 * made and dropped afterwards, unless --keep-schema NAME keeps one loaded between runs (each run then
 * imports a new authority). --authorities and --scale change the size (e.g. 4 and 1 to try it out).
 */
import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.ts'
import type { Database } from '../../src/db/database.ts'
import { storeDemoAuthority } from '../demo/store.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { addDays, addMonths, firstDayOfMonth } from '../../src/domain/dates/calendar.ts'
import { todayInEngland } from '../../src/domain/dates/today.ts'
import { demoApiRecords, generateAuthority } from '../demo/generator/index.ts'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import { standardDates } from '../../src/modules/kpis/warm.ts'
import { BENCH_URL } from './db.ts'
import { summariseProfile } from './cpu-profile.ts'
import { openLoop, type OpenLoopStream, type PlannedRequest } from './open-loop.ts'
import { processStats, schemaUrl, startService } from './service.ts'

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    rate: { type: 'string', default: '1000' },
    'partner-rate': { type: 'string', default: '1' },
    'import-at': { type: 'string' },
    // Sockets the dashboards may hold at once. Each dashboard is its own client: a few slow answers (an
    // authority just imported, its KPIs not yet computed) must not hold up the rest behind a small
    // pool, as they would behind one browser's six connections.
    connections: { type: 'string', default: '400' },
    authorities: { type: 'string', default: process.env.BENCH_AUTHORITIES ?? '40' },
    scale: { type: 'string', default: process.env.BENCH_SCALE ?? '3.5' },
    'log-level': { type: 'string', default: 'info' },
    'keep-schema': { type: 'string' },
    // Each 5 s of the run on stderr: answers, p50, p99, max (where the tail comes from).
    timeline: { type: 'boolean', default: false },
    // The service under node --cpu-prof: where its CPU time went while measured (cpu-profile.ts).
    profile: { type: 'boolean', default: false },
    // With --profile: keep the .cpuprofile as this file (for Chrome DevTools' Performance panel).
    'keep-profile': { type: 'string' },
  },
})
const DURATION = Number(values.duration)
const RATE = Number(values.rate)
const PARTNER_RATE = Number(values['partner-rate'])
const IMPORT_AT = Number(values['import-at'] ?? Math.max(1, Math.round(DURATION / 6)))
const CONNECTIONS = Number(values.connections)
const AUTHORITIES = Number(values.authorities)
const SCALE = Number(values.scale)
const KEEP = values['keep-schema']
const WARMUP_SECONDS = 5
const SERIES_KPIS = ['children-in-care', 'admissions', 'cessations', 'short-term-stability', 'dental-checks']

const today = todayInEngland()
const DATES = standardDates(today)
const END = DATES[0] as string // the data runs to the latest month end
const la = (i: number) => String(600 + i)

async function openSchema(): Promise<{ handle: DatabaseHandle; schema: string; drop: () => Promise<void> }> {
  const schema = KEEP ?? `bench_load_${process.pid}`
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('--keep-schema must be a plain identifier')
  const admin = new pg.Client({ connectionString: BENCH_URL })
  await admin.connect()
  await admin.query('create extension if not exists btree_gist with schema public')
  await admin.query(`create schema if not exists ${schema}`)
  await admin.end()
  const handle = await openDatabase({ url: BENCH_URL, schema, poolSize: 4 })
  await migrateToLatest(handle.db)
  const drop = async () => {
    await handle.close()
    if (KEEP) return
    const c = new pg.Client({ connectionString: BENCH_URL })
    await c.connect()
    await c.query(`drop schema ${schema} cascade`)
    await c.end()
  }
  return { handle, schema, drop }
}

/** The authorities already loaded, then the missing ones written straight into the tables, two at a time. */
async function loadAuthorities(db: Kysely<Database>, count: number): Promise<void> {
  const present = new Set((await db.selectFrom('authorities').select('la').execute()).map((r) => r.la))
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !present.has(la(i)))
  const started = performance.now()
  const next = async (): Promise<void> => {
    const i = missing.shift()
    if (i === undefined) return
    const demo = generateAuthority({ la: la(i), seed: i + 1, scale: SCALE, endDate: END })
    await db
      .insertInto('authorities')
      .values({ la: la(i), name: `Demo ${la(i)}`, populationUnder18: 50_000, updatedAt: new Date() })
      .execute()
    await storeDemoAuthority(db, demo, END)
    process.stderr.write(`loaded ${la(i)} (${Math.round((performance.now() - started) / 1000)} s)\n`)
    return next()
  }
  await Promise.all([next(), next()])
  if (missing.length === 0 && count > present.size) await sql`vacuum analyze`.execute(db)
}

/**
 * Deletes every authority from 700 up with all its rows: each table with an authority column, the
 * ones a foreign key holds back retried after the others (rows of children before their child).
 */
async function removeImported(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select c.table_name as name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and c.column_name = 'la' and t.table_type = 'BASE TABLE' and c.table_name <> 'authorities'`.execute(db)
  let left = rows.map((r) => r.name)
  for (let pass = 0; left.length > 0 && pass < 10; pass++) {
    const held: string[] = []
    for (const table of left) {
      try {
        await sql`delete from ${sql.table(table)} where la >= '700'`.execute(db)
      } catch {
        held.push(table)
      }
    }
    left = held
  }
  if (left.length > 0) throw new Error(`could not empty ${left.join(', ')} of the imported authorities`)
  await sql`delete from authorities where la >= '700'`.execute(db)
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN
const fmt = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : n.toFixed(0)) : '-')

const { handle, schema, drop } = await openSchema()
const { db } = handle
let service: Awaited<ReturnType<typeof startService>> | undefined
try {
  const loaded = AUTHORITIES - 1
  await loadAuthorities(db, loaded)
  // A kept schema starts each run as it was loaded: the authorities earlier runs imported (700 up)
  // go, or each run would carry one more authority than the last (40 grew to 61 in one morning).
  if (KEEP) await removeImported(db)
  // The authority imported tonight: new each run, so a kept schema still sees a full import.
  const taken = new Set((await db.selectFrom('authorities').select('la').execute()).map((r) => r.la))
  const importLa = Array.from({ length: 100 }, (_, i) => String(700 + i)).find((code) => !taken.has(code)) as string
  await db
    .insertInto('authorities')
    .values({ la: importLa, name: `Imported ${importLa}`, populationUnder18: 50_000, updatedAt: new Date() })
    .execute()
  const readable = [...Array.from({ length: loaded }, (_, i) => la(i)), importLa]

  const demo = generateAuthority({ la: importLa, seed: AUTHORITIES, scale: SCALE, endDate: END })
  const { children, ...partner } = demoApiRecords(demo)
  const snapshot = JSON.stringify({ children, ...partner })

  // Partners post for children born before the check's date; a few per authority will do.
  const checkDate = addDays(END, -7)
  const { rows: known } = await sql<{ la: string; ids: string[] }>`
    select la, (array_agg(child_id order by child_id))[1:50] as ids from children
    where date_of_birth < ${checkDate} and la = any(${readable}) group by la`.execute(db)
  const childrenOf = new Map(known.map((r) => [r.la, r.ids]))
  const partnerLas = readable.filter((code) => (childrenOf.get(code)?.length ?? 0) > 0)

  const dashboard = await createApiClient(db, { name: 'bench dashboards', scopes: ['kpi:read'], authorities: ['*'] })
  const trust = await createApiClient(db, { name: 'bench health trust', scopes: ['health:write'], authorities: ['*'] })
  const integration = await createApiClient(db, { name: 'bench integration', scopes: ['records:write'], authorities: ['*'] })

  const logLevel = values['log-level'] ?? 'info'
  const profileDir = values.profile ? mkdtempSync(path.join(os.tmpdir(), 'load-cpuprof-')) : null
  service = await startService(
    {
      DATABASE_URL: schemaUrl(BENCH_URL, schema),
      LOG_LEVEL: logLevel,
      // One dashboard key stands for every dashboard here: the per-client limit is not what is measured.
      RATE_LIMIT_PER_MINUTE: '1000000000',
    },
    'src/server.ts',
    profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
  )
  const base = service.base
  const pid = service.child.pid as number

  const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T
  const seriesFrom = addMonths(firstDayOfMonth(END), -23) // 24 month ends, to END
  const scorecardPath = () => `/v1/authorities/${pick(readable)}/scorecard?asAt=${pick(DATES)}`
  const seriesPath = () => `/v1/authorities/${pick(readable)}/kpis/${pick(SERIES_KPIS)}/series?from=${seriesFrom}&to=${END}`
  let record = 0
  const dashboardHeaders = { authorization: `Bearer ${dashboard.key}` }
  const trustHeaders = { authorization: `Bearer ${trust.key}`, 'content-type': 'application/json' }
  const healthCheck = (): PlannedRequest => {
    const code = pick(partnerLas)
    return {
      method: 'POST',
      path: `/v1/authorities/${code}/health-checks`,
      body: JSON.stringify({
        recordId: `LOAD-${process.pid}-${++record}`,
        childId: pick(childrenOf.get(code) ?? []),
        kind: 'dental_check',
        date: checkDate,
        outcome: 'completed',
      }),
      headers: trustHeaders,
    }
  }

  // A partner post must be a real write, not a refusal.
  const sample = healthCheck()
  const probe = await fetch(`${base}${sample.path}`, { method: 'POST', headers: trustHeaders, body: sample.body ?? '' })
  const probeBody = (await probe.json()) as { summary?: { created?: number } }
  if (probe.status !== 200 || probeBody.summary?.created !== 1)
    throw new Error(`a partner post did not create a record: ${probe.status} ${JSON.stringify(probeBody).slice(0, 400)}`)

  // The morning after: the standard-date scorecards were warmed overnight, and the dashboards' series
  // were read since the last write (here: everything read once), so what the run measures is the
  // steady state plus what partner writes and the import make stale.
  const warmStart = performance.now()
  const urls = readable.flatMap((code) => [
    ...DATES.map((d) => `${base}/v1/authorities/${code}/scorecard?asAt=${d}`),
    ...SERIES_KPIS.map((kpi) => `${base}/v1/authorities/${code}/kpis/${kpi}/series?from=${seriesFrom}&to=${END}`),
  ])
  const reader = async (): Promise<void> => {
    const url = urls.shift()
    if (!url) return
    const res = await fetch(url, { headers: dashboardHeaders })
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${(await res.text()).slice(0, 300)}`)
    return reader()
  }
  await Promise.all([reader(), reader(), reader()])
  process.stderr.write(
    `${readable.length * (DATES.length + SERIES_KPIS.length)} scorecards and series read once (${Math.round(performance.now() - warmStart)} ms); warming up for ${WARMUP_SECONDS} s\n`,
  )

  const scorecardRate = Math.round((RATE - PARTNER_RATE) * (2 / 3))
  const seriesRate = RATE - PARTNER_RATE - scorecardRate
  const get = (path: () => string) => (): PlannedRequest => ({ method: 'GET', path: path(), headers: dashboardHeaders })
  const mix = (seconds: number, scale: number) => ({
    scorecards: openLoop({
      base,
      connections: Math.ceil(CONNECTIONS * 0.6),
      rate: Math.max(1, Math.round(scorecardRate * scale)),
      seconds,
      next: get(scorecardPath),
    }),
    series: openLoop({
      base,
      connections: Math.ceil(CONNECTIONS * 0.4),
      rate: Math.max(1, Math.round(seriesRate * scale)),
      seconds,
      next: get(seriesPath),
    }),
    partners: PARTNER_RATE > 0 ? openLoop({ base, connections: Math.max(1, Math.min(8, PARTNER_RATE)), rate: PARTNER_RATE, seconds, next: healthCheck }) : null,
  })
  const warmup = mix(WARMUP_SECONDS, 0.5)
  await Promise.all([warmup.scorecards.done, warmup.series.done, warmup.partners?.done])

  // The measurement.
  const loadBefore = os.loadavg()
  const cpuBefore = processStats(pid)
  // This process is the load generator: its CPU shares the same two cores.
  const generatorBefore = process.cpuUsage()
  let peakRss = cpuBefore.rssBytes
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, processStats(pid).rssBytes)), 250)
  const started = performance.now()
  // The generator's own event-loop stalls, per 5 s slice: an answer timed late because this process
  // was busy (sending the 22 MB snapshot, say) is the generator's delay, not the service's.
  const stalls = new Map<number, number>()
  let tickAt = performance.now()
  const stallWatch = setInterval(() => {
    const now = performance.now()
    const slice = Math.floor((now - started) / 5000)
    stalls.set(slice, Math.max(stalls.get(slice) ?? 0, now - tickAt - 10))
    tickAt = now
  }, 10)
  const streams = mix(DURATION, 1)
  const importWindow = { from: Infinity, to: Infinity }
  const importing = (async () => {
    // --import-at past the run's end: no import (what the dashboards and partners cost alone).
    if (IMPORT_AT >= DURATION) return { status: 0, run: 'not run', inserted: 0, startedAt: NaN, seconds: 0 }
    await new Promise((r) => setTimeout(r, IMPORT_AT * 1000))
    const t0 = performance.now()
    importWindow.from = t0
    const res = await fetch(`${base}/v1/authorities/${importLa}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${integration.key}`, 'content-type': 'application/json' },
      body: snapshot,
    })
    const body = (await res.json()) as { status?: string; counts?: Record<string, { inserted?: number }> }
    const inserted = Object.values(body.counts ?? {}).reduce((n, c) => n + (c.inserted ?? 0), 0)
    importWindow.to = performance.now()
    return {
      status: res.status,
      run: body.status ?? JSON.stringify(body).slice(0, 200),
      inserted,
      startedAt: (t0 - started) / 1000,
      seconds: (performance.now() - t0) / 1000,
    }
  })()
  await Promise.all([streams.scorecards.done, streams.series.done, streams.partners?.done])
  const wall = (performance.now() - started) / 1000
  clearInterval(stallWatch)
  const imported = await importing
  clearInterval(sampler)
  const cpuAfter = processStats(pid)
  const loadAfter = os.loadavg()
  const generatorCpu = process.cpuUsage(generatorBefore)

  // Figures.
  const rows: Array<[string, number, OpenLoopStream]> = [
    ['dashboards: scorecard at a standard date', scorecardRate, streams.scorecards],
    ['dashboards: 24-month series of a KPI', seriesRate, streams.series],
  ]
  if (streams.partners) rows.push(['partners: POST one health check', PARTNER_RATE, streams.partners])
  const all = rows.flatMap(([, , s]) => s.times).sort((a, b) => a - b)
  const failures = (s: OpenLoopStream) => [...s.statuses].filter(([code]) => code >= 400).reduce((n, [, c]) => n + c, 0) + s.errors.n
  const statusText = (s: { statuses: Map<number, number> }) =>
    [...s.statuses]
      .sort(([a], [b]) => a - b)
      .map(([code, n]) => `${code}: ${n}`)
      .join(', ')
  const { rows: version } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db)

  console.log(`\n### Mixed load (scripts/bench/load.ts), ${new Date().toISOString().slice(0, 16)}Z\n`)
  console.log(
    `${AUTHORITIES} demo authorities at scale ${SCALE} (${loaded} loaded, 1 imported during the run), data to ${END}; ` +
      `the service as \`npm start\` runs it (LOG_LEVEL=${logLevel}, pool 10), PostgreSQL ${version[0]?.v ?? '?'}, ` +
      `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; load generator, service and database on one host. ` +
      `${DURATION} s at a fixed arrival rate after a ${WARMUP_SECONDS} s warm-up; load average ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadAfter.map((x) => x.toFixed(1)).join(' ')} after.\n`,
  )
  console.log('| stream | asked req/s | served req/s | p50 | p90 | p99 | max | answers | failures |')
  console.log('|---|---|---|---|---|---|---|---|---|')
  for (const [name, rate, s] of rows) {
    const sorted = [...s.times].sort((a, b) => a - b)
    console.log(
      `| ${name} | ${rate} | ${fmt(sorted.length / wall)} | ${fmt(quantile(sorted, 0.5))} ms | ${fmt(quantile(sorted, 0.9))} ms | ${fmt(quantile(sorted, 0.99))} ms | ${fmt(sorted.at(-1) ?? NaN)} ms | ${statusText(s)} | ${failures(s)}${s.errors.timeouts ? ` (${s.errors.timeouts} timeouts)` : ''} |`,
    )
  }
  const totalFailures = rows.reduce((n, [, , s]) => n + failures(s), 0)
  console.log(
    `| **all** | ${RATE} | **${fmt(all.length / wall)}** | ${fmt(quantile(all, 0.5))} ms | ${fmt(quantile(all, 0.9))} ms | **${fmt(quantile(all, 0.99))} ms** | ${fmt(all.at(-1) ?? NaN)} ms | ${all.length} | **${totalFailures}** |`,
  )
  // The answers while the import ran (its parsing, COPY and checks share the cores) and the rest.
  const during: number[] = []
  const outside: number[] = []
  for (const [, , s] of rows) s.times.forEach((ms, i) => ((s.at[i] ?? 0) >= importWindow.from && (s.at[i] ?? 0) <= importWindow.to ? during : outside).push(ms))
  during.sort((a, b) => a - b)
  outside.sort((a, b) => a - b)
  if (values.timeline) {
    const slices = new Map<number, number[]>()
    for (const [, , s] of rows)
      s.times.forEach((ms, i) => {
        const slice = Math.floor(((s.at[i] ?? 0) - started) / 5000)
        const list = slices.get(slice) ?? []
        list.push(ms)
        slices.set(slice, list)
      })
    for (const [slice, list] of [...slices].sort(([a], [b]) => a - b)) {
      list.sort((a, b) => a - b)
      process.stderr.write(
        `${slice * 5}-${slice * 5 + 5} s: ${list.length} answers, p50 ${fmt(quantile(list, 0.5))} ms, p99 ${fmt(quantile(list, 0.99))} ms, max ${fmt(list.at(-1) ?? NaN)} ms; the generator's longest stall ${fmt(stalls.get(slice) ?? 0)} ms\n`,
      )
    }
  }
  console.log(
    `| while the import ran | | ${fmt(during.length / Math.max(1e-9, (importWindow.to - importWindow.from) / 1000))} | ${fmt(quantile(during, 0.5))} ms | ${fmt(quantile(during, 0.9))} ms | ${fmt(quantile(during, 0.99))} ms | ${fmt(during.at(-1) ?? NaN)} ms | ${during.length} | |`,
  )
  console.log(
    `| the rest of the run | | ${fmt(outside.length / Math.max(1e-9, wall - (importWindow.to - importWindow.from) / 1000))} | ${fmt(quantile(outside, 0.5))} ms | ${fmt(quantile(outside, 0.9))} ms | ${fmt(quantile(outside, 0.99))} ms | ${fmt(outside.at(-1) ?? NaN)} ms | ${outside.length} | |`,
  )
  console.log(
    `\nThe nightly import (${(snapshot.length / 1e6).toFixed(1)} MB JSON, ${children.length} children) started at ${imported.startedAt.toFixed(1)} s: ` +
      `${imported.status} ${imported.run}, ${imported.inserted.toLocaleString('en-GB')} rows inserted, in ${imported.seconds.toFixed(1)} s. ` +
      `The service used ${(cpuAfter.cpuSeconds - cpuBefore.cpuSeconds).toFixed(1)} CPU s in ${wall.toFixed(1)} s ` +
      `(${Math.round((100 * (cpuAfter.cpuSeconds - cpuBefore.cpuSeconds)) / wall)}% of one core); peak RSS ${Math.round(peakRss / 1e6)} MB. ` +
      `The load generator used ${((generatorCpu.user + generatorCpu.system) / 1e6).toFixed(1)} CPU s ` +
      `(${Math.round((generatorCpu.user + generatorCpu.system) / 1e4 / wall)}% of one core).`,
  )
  const met = all.length / wall >= 990 && quantile(all, 0.99) < 100 && totalFailures === 0 && imported.status === 201
  console.log(`Goal (1,000 req/s, p99 < 100 ms, no errors, the import finishes): ${met ? 'met' : 'not met'}.`)
  if (profileDir) {
    const measuredEnd = performance.now()
    await service.stop()
    const stopped = performance.now()
    const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))
    if (file === undefined) throw new Error(`no CPU profile in ${profileDir}`)
    console.log(`\nWhere the service's CPU time went while measured (node --cpu-prof):\n`)
    console.log(summariseProfile(path.join(profileDir, file), 20, { fromMsBeforeEnd: stopped - started, toMsBeforeEnd: stopped - measuredEnd }))
    if (values['keep-profile']) renameSync(path.join(profileDir, file), values['keep-profile'])
    rmSync(profileDir, { recursive: true, force: true })
  }
} finally {
  await service?.stop()
  const crashed = service?.stderr() ?? ''
  if (/Error|error/.test(crashed)) process.stderr.write(`service stderr:\n${crashed.slice(-3000)}\n`)
  await drop()
}
