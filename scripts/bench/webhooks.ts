/**
 * npm run bench:webhooks — what partner notifications cost the nightly import, and how fast they
 * arrive (issue #20: a 5,000-child authority's events all delivered to a local receiver within 60 s;
 * the import no more than 10% slower with ten subscriptions than with none).
 *
 * The service in this process on PostgreSQL (BENCH_DATABASE_URL, a schema of its own), imports in
 * their worker thread, the webhook dispatcher running; a local receiver answering 204. Authorities
 * of the benchmark size (demo generator, scale BENCH_SCALE, default 3.5: ~5,000 children) are each
 * imported whole for the first time, alternately with no subscription and with ten (every care event,
 * every authority), BENCH_PAIRS pairs (default 2). After each import with ten, the time from the
 * answer until every delivery has been answered by the receiver. A first import raises only
 * import.completed: a changed second snapshot, for the care events, is still to be added.
 */
import { createServer } from 'node:http'
import { sql } from 'kysely'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import { demoApiRecords, generateAuthority } from '../demo/generator/index.ts'
import { scriptApp } from '../script-app.ts'
import { BENCH_URL, benchDatabase } from './db.ts'

const SCALE = Number(process.env.BENCH_SCALE ?? 3.5)
const PAIRS = Number(process.env.BENCH_PAIRS ?? 2)
const SUBSCRIPTIONS = 10
const EVENTS = ['child.admitted', 'child.placement-changed', 'child.ceased', 'child.returned-home', 'import.completed']

let received = 0
const receiver = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    received++
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
  webhooks: { pollMs: 200, allowedHosts: ['127.0.0.1'] },
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

async function importFirst(la: string, seed: number): Promise<{ ms: number; children: number }> {
  const { children, ...partner } = demoApiRecords(generateAuthority({ la, seed, scale: SCALE }))
  await db
    .insertInto('authorities')
    .values({ la, name: `Bench ${la}`, updatedAt: new Date() })
    .execute()
  const started = performance.now()
  await call('POST', `/v1/authorities/${la}/imports`, JSON.stringify({ children, ...partner }))
  return { ms: performance.now() - started, children: children.length }
}

/** Waits until every event is fanned out and every delivery answered; ms from the call. */
async function allDelivered(): Promise<{ ms: number; deliveries: number }> {
  const started = performance.now()
  for (;;) {
    const { rows } = await sql<{ waiting: number; delivered: number }>`
      select (select count(*)::int from webhook_events where fanned_out_at is null)
           + (select count(*)::int from webhook_deliveries where status <> 'delivered') as waiting,
             (select count(*)::int from webhook_deliveries where status = 'delivered') as delivered`.execute(db)
    const row = rows[0] as { waiting: number; delivered: number }
    if (row.waiting === 0) return { ms: performance.now() - started, deliveries: row.delivered }
    if (performance.now() - started > 600_000) throw new Error(`${row.waiting} deliveries still waiting after 10 minutes`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const subscribe = async () => {
  const ids: string[] = []
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const s = await call('POST', '/v1/webhooks', { url: `http://127.0.0.1:${receiverPort}/hook/${i}`, events: EVENTS, authorities: ['*'] })
    ids.push(String((s.subscription as { id: string }).id))
  }
  return ids
}

// The import worker starts with the first import: taken before any measurement.
await db.insertInto('authorities').values({ la: '999', name: 'Warm-up', updatedAt: new Date() }).execute()
await call('POST', '/v1/authorities/999/imports', { children: [] })

const none: number[] = []
const ten: number[] = []
const deliveries: Array<{ ms: number; deliveries: number }> = []
let children = 0
for (let pair = 0; pair < PAIRS; pair++) {
  // Alternate which goes first, so a drift in the machine's load falls on both.
  for (const withTen of pair % 2 === 0 ? [false, true] : [true, false]) {
    const la = String(800 + pair * 2 + (withTen ? 1 : 0))
    const ids = withTen ? await subscribe() : []
    const before = received
    const run = await importFirst(la, 1 + pair)
    children = run.children
    ;(withTen ? ten : none).push(run.ms)
    if (withTen) {
      const d = await allDelivered()
      deliveries.push({ ms: d.ms, deliveries: received - before })
      for (const id of ids) await call('DELETE', `/v1/webhooks/${id}`)
    }
    console.log(`import ${la} (${run.children} children) with ${withTen ? 'ten subscriptions' : 'none'}: ${run.ms.toFixed(0)} ms`)
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
console.log(`\n### Webhooks (scripts/bench/webhooks.ts): ${PAIRS} pairs, authorities of ${children} children (scale ${SCALE})\n`)
console.log('| measure | value | bar |')
console.log('|---|---|---|')
console.log(`| import, no subscription (mean) | ${mean(none).toFixed(0)} ms | |`)
console.log(`| import, ten subscriptions (mean) | ${mean(ten).toFixed(0)} ms | |`)
console.log(`| ten / none | ${(mean(ten) / mean(none)).toFixed(3)} | <= 1.10 |`)
for (const d of deliveries)
  console.log(`| every delivery answered, after the import's answer | ${(d.ms / 1000).toFixed(1)} s (${d.deliveries} deliveries) | < 60 s |`)

await app.close()
receiver.close()
await handle.close()
