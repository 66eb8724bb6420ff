/**
 * npm run bench:webhooks — what partner notifications cost the nightly import, and how fast they
 * arrive (issue #20: a 5,000-child authority's events all delivered to a local receiver within 60 s;
 * the import no more than 10% slower with ten subscriptions than with none).
 *
 * The service in this process on PostgreSQL (BENCH_DATABASE_URL, a schema of its own), imports in
 * their worker thread, the webhook dispatcher running as configured by default; a receiver on
 * loopback that verifies every signature and answers 204. A real night: an authority of the
 * benchmark size (demo generator up to today, scale BENCH_SCALE, default 3.5: ~5,000 children) is
 * imported as it was known BENCH_DAYS ago (default 28, inside the 35 days changes are announced
 * for), then as it is today on top (night-snapshots.ts): the second import carries the admissions,
 * moves, cessations and returns home of those days. Alternately with no subscription and with ten
 * (every care event and import.completed, every authority), BENCH_PAIRS pairs (default 2): the
 * second import's time both ways, and, with ten, the time from its answer until every delivery was
 * answered, with the events counted by type. Last, an idle dispatcher pass timed with none and with
 * ten: the only work subscriptions add while an import runs.
 */
import { createServer } from 'node:http'
import { sql } from 'kysely'
import { addDays } from '../../src/domain/dates/calendar.ts'
import { todayInEngland } from '../../src/domain/dates/today.ts'
import { verify } from '../../src/domain/webhooks/signature.ts'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import { webhookDispatcher } from '../../src/modules/webhooks/dispatcher.ts'
import { scriptApp } from '../script-app.ts'
import { BENCH_URL, benchDatabase } from './db.ts'
import { twoNights } from './night-snapshots.ts'

const SCALE = Number(process.env.BENCH_SCALE ?? 3.5)
const PAIRS = Number(process.env.BENCH_PAIRS ?? 2)
const DAYS = Number(process.env.BENCH_DAYS ?? 28)
const SUBSCRIPTIONS = 10
const EVENTS = ['child.admitted', 'child.placement-changed', 'child.ceased', 'child.returned-home', 'import.completed']
const today = todayInEngland()

/** What the receiver saw since the last reset: deliveries, bad signatures, distinct events by type. */
const seen = { deliveries: 0, badSignatures: 0, events: new Map<string, string>() }
/** Each subscription's secret, by the path of its URL. */
const secrets = new Map<string, string>()
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8')
    const header = (name: string) => (typeof req.headers[name] === 'string' ? req.headers[name] : undefined)
    const headers = { 'webhook-id': header('webhook-id'), 'webhook-timestamp': header('webhook-timestamp'), 'webhook-signature': header('webhook-signature') }
    const secret = secrets.get(req.url ?? '')
    seen.deliveries++
    if (!secret || !verify([secret], headers, body)) seen.badSignatures++
    else seen.events.set(String(headers['webhook-id']), String((JSON.parse(body) as { type: string }).type))
    res.writeHead(204).end()
  })
})
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const receiverPort = (receiver.address() as { port: number }).port

const handle = await benchDatabase(10)
const { db } = handle
const app = await scriptApp(db, {
  config: { importBodyLimit: 256 << 20, webhookAllowedHosts: ['127.0.0.1'] },
  importWorker: { database: { url: BENCH_URL, schema: handle.schema, poolSize: 3 } },
  webhooks: { allowedHosts: ['127.0.0.1'] },
})
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
const { key } = await createApiClient(db, { name: 'bench', scopes: ['records:write', 'records:read', 'child:read', 'admin'], authorities: ['*'] })
const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const text = await res.text()
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`)
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

interface Run {
  id: string
  errorCount: number
  counts: Record<string, { rejected: number }>
}

/** One import over HTTP: its time to the answer. */
async function importOnce(la: string, body: string): Promise<{ ms: number; run: Run }> {
  const started = performance.now()
  const run = (await call('POST', `/v1/authorities/${la}/imports`, body)) as unknown as Run
  const ms = performance.now() - started
  // The generator's records should all be valid: a rejection means the import did a little less than it says.
  if (run.errorCount > 0) {
    const rejected = Object.entries(run.counts).flatMap(([table, c]) => (c.rejected ? [`${table} ${c.rejected}`] : []))
    console.warn(`  (import ${la}: ${run.errorCount} error findings; rejected: ${rejected.join(', ')})`)
  }
  return { ms, run }
}

/** The data-quality refresh runs after an import's answer: waited for, so the next import has the cores. */
async function dataQualityRefreshed(la: string, runId: string): Promise<void> {
  const started = performance.now()
  while ((await call('GET', `/v1/authorities/${la}/imports/${runId}`)).dataQuality == null) {
    if (performance.now() - started > 600_000) throw new Error(`run ${runId}: no data-quality counts after 10 minutes`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Waits until every event is fanned out and every delivery answered; ms from the call. */
async function allDelivered(): Promise<number> {
  const started = performance.now()
  for (;;) {
    const { rows } = await sql<{ waiting: number }>`
      select (select count(*)::int from webhook_events where fanned_out_at is null)
           + (select count(*)::int from webhook_deliveries where status <> 'delivered') as waiting`.execute(db)
    const waiting = (rows[0] as { waiting: number }).waiting
    if (waiting === 0) return performance.now() - started
    if (performance.now() - started > 600_000) throw new Error(`${waiting} deliveries still waiting after 10 minutes`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const subscribe = async () => {
  const ids: string[] = []
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const path = `/hook/${Date.now()}-${i}`
    const s = await call('POST', '/v1/webhooks', { url: `http://127.0.0.1:${receiverPort}${path}`, events: EVENTS, authorities: ['*'] })
    secrets.set(path, String(s.secret))
    ids.push(String((s.subscription as { id: string }).id))
  }
  return ids
}

// The import worker starts with the first import: taken before any measurement.
await db.insertInto('authorities').values({ la: '999', name: 'Warm-up', updatedAt: new Date() }).execute()
await call('POST', '/v1/authorities/999/imports', { children: [] })

const none: number[] = []
const ten: number[] = []
const delivered: Array<{ ms: number; deliveries: number; badSignatures: number; byType: Record<string, number> }> = []
let children = 0
for (let pair = 0; pair < PAIRS; pair++) {
  // Alternate which goes first, so a drift in the machine's load falls on both.
  for (const withTen of pair % 2 === 0 ? [false, true] : [true, false]) {
    const la = String(800 + pair * 2 + (withTen ? 1 : 0))
    const nights = twoNights({ la, seed: 1 + pair, scale: SCALE, today, firstDay: addDays(today, -DAYS) })
    children = nights.second.children.length
    await db
      .insertInto('authorities')
      .values({ la, name: `Bench ${la}`, updatedAt: new Date() })
      .execute()
    const first = await importOnce(la, JSON.stringify(nights.first))
    await dataQualityRefreshed(la, first.run.id)
    await allDelivered() // the first night's events fanned out before anyone subscribes
    const ids = withTen ? await subscribe() : []
    seen.deliveries = 0
    seen.badSignatures = 0
    seen.events.clear()

    const second = await importOnce(la, JSON.stringify(nights.second))
    ;(withTen ? ten : none).push(second.ms)
    if (withTen) {
      const ms = await allDelivered()
      const byType: Record<string, number> = {}
      for (const type of seen.events.values()) byType[type] = (byType[type] ?? 0) + 1
      delivered.push({ ms, deliveries: seen.deliveries, badSignatures: seen.badSignatures, byType })
    }
    await dataQualityRefreshed(la, second.run.id)
    for (const id of ids) await call('DELETE', `/v1/webhooks/${id}`)
    console.log(
      `${la}: first night ${nights.first.children.length} children ${first.ms.toFixed(0)} ms; ` +
        `second night ${children} children with ${withTen ? 'ten subscriptions' : 'none'}: ${second.ms.toFixed(0)} ms`,
    )
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
console.log(`\n### Webhooks (scripts/bench/webhooks.ts): ${PAIRS} pairs, ${DAYS} days between the nights, ~${children} children (scale ${SCALE})\n`)
console.log('| measure | value | bar |')
console.log('|---|---|---|')
console.log(`| second import, no subscription (mean) | ${mean(none).toFixed(0)} ms (${none.map((x) => x.toFixed(0)).join(', ')}) | |`)
console.log(`| second import, ten subscriptions (mean) | ${mean(ten).toFixed(0)} ms (${ten.map((x) => x.toFixed(0)).join(', ')}) | |`)
// Each pair's own ratio too: on a shared machine the load drifts between pairs more than within one.
const ratios = ten.map((x, i) => x / (none[i] ?? NaN)).sort((a, b) => a - b)
const median = ratios.length % 2 ? (ratios[(ratios.length - 1) / 2] ?? NaN) : ((ratios[ratios.length / 2 - 1] ?? NaN) + (ratios[ratios.length / 2] ?? NaN)) / 2
console.log(`| ten / none (means) | ${(mean(ten) / mean(none)).toFixed(3)} | <= 1.10 |`)
console.log(`| ten / none per pair (median; each) | ${median.toFixed(3)} (${ratios.map((r) => r.toFixed(2)).join(', ')}) | <= 1.10 |`)
for (const d of delivered) {
  const types = Object.entries(d.byType)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ')
  console.log(
    `| every delivery answered, after the import's answer | ${(d.ms / 1000).toFixed(1)} s (${d.deliveries} deliveries, ${d.badSignatures} bad signatures; events: ${types}) | < 60 s |`,
  )
}

/**
 * What ten subscriptions can cost an import at all: nothing in the import reads them, but the
 * dispatcher polls every second (fan-out, then a claim per subscription). One idle pass (nothing
 * pending), timed with none and with ten, PASSES times each: its share of a second bounds the cost.
 */
const PASSES = 200
async function idlePassMs(): Promise<number> {
  const d = webhookDispatcher(db, app.log, { pollMs: 3_600_000, allowedHosts: ['127.0.0.1'] })
  d.start()
  await d.idle()
  const started = performance.now()
  for (let i = 0; i < PASSES; i++) {
    d.kick()
    await d.idle()
  }
  const ms = (performance.now() - started) / PASSES
  await d.close()
  return ms
}
const idleNone = await idlePassMs()
const idleIds = await subscribe()
const idleTen = await idlePassMs()
for (const id of idleIds) await call('DELETE', `/v1/webhooks/${id}`)
console.log(`| an idle dispatcher pass (every second while an import runs), none / ten | ${idleNone.toFixed(2)} / ${idleTen.toFixed(2)} ms | |`)

await app.close()
receiver.close()
await handle.close()
