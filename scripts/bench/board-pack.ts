/**
 * npm run bench:board-pack — how fast GET /v1/authorities/{la}/board-pack?asAt= is (issue #21: under
 * 500 ms uncached for one authority with 40 authorities loaded).
 *
 * Uses the database the KPI benchmark loads (40 demo authorities, 600-639): BENCH_DATABASE_URL (or
 * DATABASE_URL, or the local test server) with KPI_BENCH_SCHEMA (default public) holding them; run
 * `KPI_BENCH_SCHEMA=... npm run bench:kpis` once first to load them. Through the real app (inject:
 * routing, key check, rendering), at 2026-03-31:
 *   - uncached: every kind of the authority's data version is bumped before each call, so every KPI,
 *     series, split and the scorecard are computed again;
 *   - cached: the same page again (the KPI answers from the cache; the movements and action plan are
 *     read each time, as the route does).
 * BENCH_RUNS (default 20) changes the count; BENCH_LA (default 600) the authority.
 */
import { scriptApp } from '../script-app.ts'
import { openDatabase } from '../../src/db/connect.ts'
import { bumpDataVersion } from '../../src/db/data-version.ts'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import { BENCH_URL } from './db.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 20)
const LA = process.env.BENCH_LA ?? '600'
const SCHEMA = process.env.KPI_BENCH_SCHEMA ?? 'public'
const AS_AT = '2026-03-31'

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] as number
}

const handle = await openDatabase({ url: BENCH_URL, schema: SCHEMA, poolSize: 10 })
const { db } = handle
try {
  const app = await scriptApp(db)
  await app.ready()
  const { key } = await createApiClient(db, { name: 'bench-board-pack', scopes: ['kpi:read'], authorities: ['*'] })
  const url = `/v1/authorities/${LA}/board-pack?asAt=${AS_AT}`
  let bytes = 0
  const timed = async () => {
    const t0 = performance.now()
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } })
    const took = performance.now() - t0
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`)
    bytes = res.body.length
    return took
  }
  await timed() // warm-up (plans, pool)
  const uncached: number[] = []
  for (let r = 0; r < RUNS; r++) {
    await bumpDataVersion(db, LA)
    uncached.push(await timed())
  }
  const cached: number[] = []
  await timed()
  for (let r = 0; r < RUNS; r++) cached.push(await timed())
  await app.close()

  const line = (name: string, xs: number[], bar: string) =>
    `| ${name} | ${xs.length} | ${quantile(xs, 0.5).toFixed(0)} ms | ${quantile(xs, 0.95).toFixed(0)} ms | ${Math.max(...xs).toFixed(0)} ms | ${bar} |`
  console.log(`\n### Board pack (scripts/bench/board-pack.ts): authority ${LA}, asAt ${AS_AT}, ${bytes.toLocaleString('en-GB')} characters\n`)
  console.log('| measure | runs | p50 | p95 | max | bar |')
  console.log('|---|---|---|---|---|---|')
  console.log(line('board pack, uncached', uncached, '< 500 ms'))
  console.log(line('board pack, KPIs cached', cached, ''))
} finally {
  await handle.close()
}
