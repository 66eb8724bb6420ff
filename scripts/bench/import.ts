/**
 * npm run bench:import — the nightly import's speed, throughput and memory (issue #6).
 *
 * 1. One authority of the benchmark size (demo generator, scale 3.5: ~5,000 children, ~25,000
 *    episodes over 10 years, with the generator's health checks, SDQs and care leavers inside the same
 *    JSON snapshot, mapped as scripts/demo-data.ts posts them) imported over HTTP into an empty
 *    database: full import, then the same snapshot again (unchanged).
 * 2. Throughput: BENCH_AUTHORITIES (default 40) authorities loaded one after another over HTTP, then
 *    the very rows our import wrote (children, episodes, periods of care, placements, partner records) copied back into
 *    the same tables with COPY FROM STDIN; our rows/s as a share of COPY's.
 * 3. Memory: the process's peak RSS while importing (sampled every 50 ms).
 * Runs against BENCH_DATABASE_URL (default: the local test server), in a schema of its own.
 */
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import pg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import { scriptApp } from '../script-app.ts'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import { demoApiRecords, generateAuthority } from '../demo/generator/index.ts'
import { BENCH_URL, benchDatabase } from './db.ts'

const AUTHORITIES = Number(process.env.BENCH_AUTHORITIES ?? 40)
const SCALE = Number(process.env.BENCH_SCALE ?? 3.5)

const handle = await benchDatabase(10)
const { db } = handle
const app = await scriptApp(db, {
  config: { importBodyLimit: 256 << 20 },
  // As the service runs on PostgreSQL: imports in their worker thread.
  importWorker: { database: { url: BENCH_URL, schema: handle.schema, poolSize: 3 } },
})
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
const { key } = await createApiClient(db, { name: 'bench', scopes: ['records:write', 'records:read', 'admin'], authorities: ['*'] })

let peakRss = 0
// The process's RSS counts the import worker's heap too (a thread of this process).
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)

function snapshotFor(la: string, seed: number) {
  const demo = generateAuthority({ la, seed, scale: SCALE })
  const { children, ...partner } = demoApiRecords(demo)
  const episodes = demo.children.reduce((n, c) => n + c.episodes.length, 0)
  const partnerRecords = Object.values(partner).reduce((n, list) => n + list.length, 0)
  return { body: JSON.stringify({ children, ...partner }), children: children.length, episodes, partnerRecords }
}

async function importOnce(la: string, body: string) {
  const started = performance.now()
  const res = await fetch(`${base}/v1/authorities/${la}/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
  })
  const run = (await res.json()) as {
    status: string
    changed: boolean
    errorCount: number
    counts: Record<string, { inserted: number; unchanged: number; rejected: number }>
  }
  if (res.status !== 201 || run.status !== 'succeeded') throw new Error(`import ${la} failed: ${res.status} ${JSON.stringify(run).slice(0, 300)}`)
  // The generator's records should all be valid: a rejection means the benchmark measures a little less than it says.
  if (run.errorCount > 0) {
    const rejected = Object.entries(run.counts).flatMap(([table, c]) => (c.rejected ? [`${table} ${c.rejected}`] : []))
    console.warn(`  (import ${la}: ${run.errorCount} error findings; rejected: ${rejected.join(', ')})`)
  }
  return { ms: performance.now() - started, run: run as typeof run & { id: string } }
}

/**
 * After an import that changed data, the DfE rules' findings are refreshed after its answer: waits
 * (polling the run) until the run records them, so the next import does not share the cores with
 * it, and answers how long that took after the answer.
 */
async function dataQualityRefreshed(la: string, runId: string): Promise<number> {
  const started = performance.now()
  for (;;) {
    const res = await fetch(`${base}/v1/authorities/${la}/imports/${runId}`, { headers: { authorization: `Bearer ${key}` } })
    const run = (await res.json()) as { dataQuality?: unknown }
    if (run.dataQuality !== null && run.dataQuality !== undefined) return performance.now() - started
    if (performance.now() - started > 600_000) throw new Error(`run ${runId}: no data-quality counts after 10 minutes`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function createAuthority(la: string) {
  await db
    .insertInto('authorities')
    .values({ la, name: `Bench ${la}`, updatedAt: new Date() })
    .execute()
}

// 0. The import worker starts with the first import (and stops after a minute idle): timed apart.
await createAuthority('999')
const workerStart = await importOnce('999', JSON.stringify({ children: [] }))
console.log(`import worker start and a first empty import: ${workerStart.ms.toFixed(0)} ms`)

// 1. One authority: full import, then unchanged.
const first = snapshotFor('372', 1)
await createAuthority('372')
const full = await importOnce('372', first.body)
// An import that changed data warms the KPI cache and refreshes the data-quality findings after its
// answer; the import alone is measured, and the refresh apart.
const refreshMs = await dataQualityRefreshed('372', full.run.id)
await app.kpisWarmed()
const again = await importOnce('372', first.body)
console.log(
  `one authority: ${first.children} children, ${first.episodes} episodes, ${first.partnerRecords} partner records, ${(first.body.length / 1e6).toFixed(1)} MB JSON`,
)
console.log(`  full import over HTTP:      ${full.ms.toFixed(0)} ms`)
console.log(`  its data-quality refresh, after the answer: done ${refreshMs.toFixed(0)} ms later`)
console.log(`  unchanged re-import:        ${again.ms.toFixed(0)} ms (changed: ${again.run.changed})`)
console.log(`  peak RSS so far:            ${(peakRss / 2 ** 20).toFixed(0)} MB`)

// 2. Throughput over many authorities.
let ourRows = 0
let ourMs = 0
let episodes = first.episodes
for (let i = 1; i < AUTHORITIES; i++) {
  const la = String(800 + i)
  const snap = snapshotFor(la, 1000 + i)
  await createAuthority(la)
  const { ms, run } = await importOnce(la, snap.body)
  await dataQualityRefreshed(la, run.id)
  await app.kpisWarmed()
  ourMs += ms
  episodes += snap.episodes
}
ourMs += full.ms
const tables = [
  'children',
  'episodes',
  'care_periods',
  'placement_spells',
  'health_checks',
  'sdq_returns',
  'care_leavers',
  'personal_advisers',
  'pathway_plans',
  'pathway_plan_reviews',
  'care_leaver_contacts',
] as const
for (const t of tables) {
  const r = await db
    .selectFrom(t)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  ourRows += Number(r.n)
}
console.log(
  `${AUTHORITIES} authorities: ${episodes} episodes, ${ourRows} rows in ${tables.join(', ')} in ${(ourMs / 1000).toFixed(1)} s = ${(ourRows / (ourMs / 1000)).toFixed(0)} rows/s (HTTP, checks, derivation included)`,
)

const importPeakRss = peakRss
clearInterval(sampler)

// COPY the same rows back into the same tables: dump them with COPY TO, empty the tables, COPY FROM.
const client = new pg.Client({ connectionString: BENCH_URL, options: `-c search_path=${handle.schema},public` })
await client.connect()
const dumps = new Map<string, Buffer[]>()
for (const t of tables) {
  const chunks: Buffer[] = []
  await pipeline(client.query(copyTo(`copy ${t} to stdout`)), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) chunks.push(chunk)
  })
  dumps.set(t, chunks)
}
// cascade also empties the tables that point at children (episode warnings, partner records).
await client.query(`truncate ${tables.join(', ')} cascade`)
const started = performance.now()
for (const t of tables) await pipeline(Readable.from(dumps.get(t) ?? []), client.query(copyFrom(`copy ${t} from stdin`)))
const copyMs = performance.now() - started
const ours = ourRows / (ourMs / 1000)
const copy = ourRows / (copyMs / 1000)
console.log(`COPY of the same ${ourRows} rows: ${(copyMs / 1000).toFixed(1)} s = ${copy.toFixed(0)} rows/s`)
console.log(`our import / COPY: ${((100 * ours) / copy).toFixed(0)}%`)
console.log(`peak RSS while importing: ${(importPeakRss / 2 ** 20).toFixed(0)} MB`)
await client.end()
await app.close()
await handle.close()
