/**
 * npm run bench:kpi-families — where the uncached scorecard's time goes, statement by statement.
 *
 * The scorecard runs one statement per KPI family and set of points (D and a year earlier). This
 * builds exactly those statements for one authority and runs each BENCH_RUNS times (default 7, after
 * one warm-up) with the settings the service runs them with, taking the CPU time the database server
 * process spent on each run (its /proc/<pid>/schedstat, when the server is on this machine: a figure
 * that stays put while other work loads the machine, unlike the wall time, also shown); then once
 * under EXPLAIN ANALYZE for its three costliest plan nodes (own time, not their children's). It prints
 * each statement's p50s and the sums: the work the scorecard's statement slots share out.
 *
 * BENCH_SET=name=value,... runs every statement a second way, alternating run by run with the first,
 * with those planner settings added (enable_mergejoin=off, say): the two columns side by side.
 * BENCH_TRENDS=1 takes the board pack's trend charts instead: its trend KPIs at 36 month ends.
 * BENCH_FAMILY=<key> also prints that family's whole plan (EXPLAIN ANALYZE, BUFFERS).
 * BENCH_DATABASE_URL names a database holding the KPI bench's authorities (npm run bench:kpis with
 * KPI_BENCH_SCHEMA=public loads them); BENCH_LA (default 600), BENCH_AS_AT (default 2026-03-31).
 */
import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import { sql, type CompiledQuery } from 'kysely'
import { openDatabase } from '../../src/db/connect.ts'
import { trendKpis } from '../../src/domain/board-pack/areas.ts'
import { headlineKpis, KPI_DEFINITIONS, seriesPoints, type KpiDefinition, type KpiPoint } from '../../src/domain/kpis/index.ts'
import { addMonths, firstDayOfMonth } from '../../src/domain/dates/calendar.ts'
import { familyStatement } from '../../src/modules/kpis/queries/index.ts'
import { familyGroups, scorecardPoint, scorecardPointsOf } from '../../src/modules/kpis/service.ts'
import { BENCH_URL } from './db.ts'
import { median } from './measure.ts'

const LA = process.env.BENCH_LA ?? '600'
const AS_AT = process.env.BENCH_AS_AT ?? '2026-03-31'
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7))
const SHOW = process.env.BENCH_FAMILY
const SETTINGS = (process.env.BENCH_SET ?? '')
  .split(',')
  .filter(Boolean)
  .map((s) => s.split('=') as [string, string])

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Actual Total Time': number
  'Actual Loops': number
  Plans?: PlanNode[]
}

/** Each node's own time (its total less its children's), summed over its loops. */
function ownTimes(node: PlanNode, out: Array<{ label: string; ms: number }> = []): Array<{ label: string; ms: number }> {
  const total = (n: PlanNode) => n['Actual Total Time'] * n['Actual Loops']
  const children = node.Plans ?? []
  const label = [node['Node Type'], node['Index Name'] ?? node['Relation Name']].filter(Boolean).join(' ')
  out.push({ label, ms: total(node) - children.reduce((s, c) => s + total(c), 0) })
  for (const c of children) ownTimes(c, out)
  return out
}

const fixed = (x: number) => x.toFixed(1)

const handle = await openDatabase({ url: BENCH_URL, poolSize: 1 })
const { db } = handle

/** Runs a compiled statement with the settings the service runs KPI statements with (evaluate.ts), and `extra`. */
function run<T>(compiled: CompiledQuery, extra: ReadonlyArray<[string, string]> = [], prefix = '') {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('jit', 'off', true), set_config('enable_nestloop', 'off', true),
      set_config('max_parallel_workers_per_gather', '0', true)`.execute(trx)
    for (const [name, value] of extra) await sql`select set_config(${name}, ${value}, true)`.execute(trx)
    return trx.executeQuery<T>({ ...compiled, sql: `${prefix}${compiled.sql}` })
  })
}

// The one server process of the one connection: its CPU time in ns, first field of schedstat.
const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]?.pid
const schedstat = `/proc/${pid}/schedstat`
const cpuNs = () => (existsSync(schedstat) ? Number(readFileSync(schedstat, 'utf8').split(' ')[0]) : Number.NaN)

/** One run: [server CPU ms, wall ms]. */
async function timed(compiled: CompiledQuery, extra: ReadonlyArray<[string, string]>): Promise<[number, number]> {
  const c0 = cpuNs()
  const t0 = performance.now()
  await run(compiled, extra)
  return [(cpuNs() - c0) / 1e6, performance.now() - t0]
}

try {
  const scorecardPoints = scorecardPointsOf(scorecardPoint({ asAt: AS_AT }, AS_AT))
  const trends = process.env.BENCH_TRENDS === '1'
  const pointsOf = (def: KpiDefinition): KpiPoint[] =>
    trends ? seriesPoints(def, firstDayOfMonth(addMonths(AS_AT, -35)), AS_AT, 'month') : [scorecardPoints(def).before, scorecardPoints(def).now]
  const groups = familyGroups(trends ? trendKpis(KPI_DEFINITIONS) : headlineKpis(), pointsOf)
  const rows: Array<{ family: string; kpis: number; a: Array<[number, number]>; b: Array<[number, number]>; nodes: string }> = []
  for (const { points, items } of groups) {
    const compiled = familyStatement(LA, items, points, null).compile(db)
    await timed(compiled, [])
    const a: Array<[number, number]> = []
    const b: Array<[number, number]> = []
    for (let r = 0; r < RUNS; r++) {
      a.push(await timed(compiled, []))
      if (SETTINGS.length) b.push(await timed(compiled, SETTINGS))
    }
    const explained = await run<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(compiled, [], 'explain (analyze, format json) ')
    const plan = explained.rows[0]?.['QUERY PLAN'][0]?.Plan as PlanNode
    const nodes = ownTimes(plan)
      .sort((x, y) => y.ms - x.ms)
      .slice(0, 3)
      .map((n) => `${n.label} ${fixed(n.ms)}`)
      .join('; ')
    const family = items[0]?.query.family.key ?? ''
    rows.push({ family: `${family} (${points.some((p) => p.from) ? 'period' : 'at date'})`, kpis: items.length, a, b, nodes })
    if (family === SHOW) {
      const text = await run<{ 'QUERY PLAN': string }>(compiled, [], 'explain (analyze, buffers) ')
      console.log(text.rows.map((r) => r['QUERY PLAN']).join('\n'))
    }
  }
  const cpu = (xs: Array<[number, number]>) => median(xs.map((x) => x[0]))
  const wall = (xs: Array<[number, number]>) => median(xs.map((x) => x[1]))
  rows.sort((x, y) => cpu(y.a) - cpu(x.a) || wall(y.a) - wall(x.a))
  const both = SETTINGS.length > 0
  console.log(
    `\n${trends ? 'Board pack trend' : 'Scorecard'} statements, authority ${LA}, as at ${AS_AT}, p50 of ${RUNS} runs each (ms; load average ${os.loadavg()[0]?.toFixed(1)}):\n`,
  )
  console.log(`| family | KPIs | server CPU | wall |${both ? ` CPU with ${process.env.BENCH_SET} | wall |` : ''} costliest nodes, EXPLAIN ANALYZE (own ms) |`)
  console.log(`|---|---|---|---|${both ? '---|---|' : ''}---|`)
  const cols = (xs: Array<[number, number]>) => `${fixed(cpu(xs))} | ${fixed(wall(xs))} |`
  for (const r of rows) console.log(`| ${r.family} | ${r.kpis} | ${cols(r.a)}${both ? ` ${cols(r.b)}` : ''} ${r.nodes} |`)
  const sum = (pick: (r: (typeof rows)[number]) => Array<[number, number]>, f: typeof cpu) => fixed(rows.reduce((s, r) => s + f(pick(r)), 0))
  console.log(
    `| **sum** | ${rows.reduce((s, r) => s + r.kpis, 0)} | ${sum((r) => r.a, cpu)} | ${sum((r) => r.a, wall)} |${both ? ` ${sum((r) => r.b, cpu)} | ${sum((r) => r.b, wall)} |` : ''} |`,
  )
} finally {
  await handle.close()
}
