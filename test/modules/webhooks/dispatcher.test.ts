import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import t from 'tap'
import { recordWebhookEvents } from '../../../src/db/webhook-outbox.ts'
import { verify } from '../../../src/domain/webhooks/signature.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'
import { buildTestApp, eventually, truncateAll } from '../../helper.ts'

/**
 * The dispatcher against real receivers on 127.0.0.1: events committed are delivered signed, a
 * receiver's failure is retried until it answers 2xx, a rolled-back or refused change sends nothing,
 * each receiver gets a child's events in order, and a hung receiver delays no other. Imports run in
 * their worker thread (on PostgreSQL), as in production: the event goes in through the run's own
 * transaction there.
 */
const h = await buildTestApp(t, {
  config: { webhookAllowedHosts: ['127.0.0.1'] },
  importWorker: true,
  webhooks: { pollMs: 25, timeoutMs: 400, backoff: { baseMs: 20, capMs: 80 }, perSubscription: 2 },
})
const dispatcher = h.app.webhooks
if (!dispatcher) throw new Error('the app has no dispatcher')

interface Received {
  path: string
  headers: IncomingMessage['headers']
  body: string
}
type Handler = (r: Received, res: ServerResponse) => void
const received: Received[] = []
const handlers = new Map<string, Handler>()
const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const r = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
    received.push(r)
    const handle = handlers.get(r.path)
    if (handle) handle(r, res)
    else res.writeHead(204).end()
  })
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
t.teardown(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

let admin = ''
t.beforeEach(async () => {
  await dispatcher.idle()
  // The dispatcher keeps polling: TRUNCATE can meet its statement in a deadlock, and one gives way.
  for (let i = 0; ; i++) {
    try {
      await truncateAll(h.db)
      break
    } catch (err) {
      if (i > 5 || (err as { code?: unknown }).code !== '40P01') throw err
    }
  }
  received.length = 0
  handlers.clear()
  await h.authority('372')
  admin = await h.key(['admin', 'records:write', 'records:read', 'child:read'], ['372'])
})

async function subscribe(path: string, events: string[], key = admin): Promise<{ id: string; secret: string }> {
  const res = await h.call(key, { method: 'POST', url: '/v1/webhooks', payload: { url: `${base}${path}`, events, authorities: ['372'] } })
  if (res.statusCode !== 201) throw new Error(res.body)
  const body = res.json<{ subscription: { id: string }; secret: string }>()
  return { id: body.subscription.id, secret: body.secret }
}
const at = (path: string) => received.filter((r) => r.path === path)
const deliveries = () => h.db.selectFrom('webhook_deliveries').selectAll().orderBy('eventSeq').execute()
const snapshot = (ids: string[]) => ({ children: ids.map((id) => snapshotChild(id, [snapshotEpisode('2024-05-02')])) })
const importSnapshot = (body: object, query = '') => h.call(admin, { method: 'POST', url: `/v1/authorities/372/imports${query}`, payload: body })

t.test('an import, committed in the worker thread, is delivered once, signed and verifiable', async (t) => {
  const { secret } = await subscribe('/a', ['import.completed'])
  const res = await importSnapshot(snapshot(['C1', 'C2']))
  t.equal(res.statusCode, 201, res.body)
  const runId = res.json<{ id: string }>().id
  t.ok(await eventually(async () => at('/a').length === 1, 5000), 'delivered')
  const [got] = at('/a')
  if (!got) return
  const headers = {
    'webhook-id': String(got.headers['webhook-id']),
    'webhook-timestamp': String(got.headers['webhook-timestamp']),
    'webhook-signature': String(got.headers['webhook-signature']),
  }
  t.ok(verify([secret], headers, got.body), 'the signature verifies with the subscription secret')
  t.equal(got.headers['content-type'], 'application/json')
  const event = JSON.parse(got.body) as { id: string; type: string; data: Record<string, unknown> }
  t.equal(event.id, headers['webhook-id'], 'the webhook id is the event id (receivers deduplicate on it)')
  t.match(event, { type: 'import.completed', data: { la: '372', runId, changed: true, counts: { children: { inserted: 2 } } } })
  t.notMatch(got.body, /2024-05-02|dateOfBirth|C1/, 'counts only: no child, no date of theirs')
  await dispatcher.idle()
  // One attempt as a rule; on the embedded database the import runs on this thread and can hold the
  // first attempt past the test's short timeout, so it may take a second.
  t.match(await deliveries(), [{ status: 'delivered', lastStatusCode: 204, lastError: null }])
  t.equal(at('/a').length, 1, 'received once')
})

t.test('a refused import and a dry run send nothing; neither does a change rolled back', async (t) => {
  await subscribe('/a', ['import.completed'])
  t.equal((await importSnapshot(snapshot(['C1', 'C2', 'C3']))).statusCode, 201)
  t.ok(await eventually(async () => at('/a').length === 1, 5000))
  // Deleting two of three children is beyond the shrink guard: refused, rolled back.
  t.equal((await importSnapshot(snapshot(['C1']))).statusCode, 409)
  t.equal((await importSnapshot(snapshot(['C1', 'C2', 'C3', 'C4']), '?dryRun=true')).statusCode, 200)
  await h.db
    .transaction()
    .execute(async (trx) => {
      await recordWebhookEvents(trx, [{ la: '372', type: 'import.completed', childId: null, payload: { runId: 'rolled-back', changed: true, counts: {} } }])
      throw new Error('the change fails')
    })
    .catch(() => {})
  dispatcher.kick()
  await new Promise((r) => setTimeout(r, 200))
  await dispatcher.idle()
  t.equal(at('/a').length, 1, 'only the applied run')
  // data-quality.new-errors may follow the applied run's refresh (nobody here subscribed to it).
  t.equal((await h.db.selectFrom('webhook_events').select('id').where('type', '<>', 'data-quality.new-errors').execute()).length, 1)
})

t.test('a receiver answering 500 is retried with backoff until it answers 2xx; the log keeps status, latency and error', async (t) => {
  let failures = 2
  handlers.set('/flaky', (_r, res) => {
    if (failures-- > 0) res.writeHead(500, { 'content-type': 'text/plain' }).end('receiver down for maintenance '.repeat(100))
    else res.writeHead(200).end('ok')
  })
  await subscribe('/flaky', ['import.completed'])
  await recordWebhookEvents(h.db, [{ la: '372', type: 'import.completed', childId: null, payload: { runId: 'r1', changed: true, counts: {} } }])
  dispatcher.kick()
  t.ok(await eventually(async () => (await deliveries())[0]?.status === 'delivered', 5000), 'delivered in the end')
  const [d] = await deliveries()
  t.match(d, { attempts: 3, lastStatusCode: 200, lastError: null })
  t.type(d?.lastLatencyMs, 'number')
  const ids = new Set(at('/flaky').map((r) => r.headers['webhook-id']))
  t.equal(at('/flaky').length, 3)
  t.equal(ids.size, 1, 'the same webhook id on every attempt')
})

t.test('past the retry window (24 hours from the event) a failing delivery is parked, its error bounded', async (t) => {
  handlers.set('/dead', (_r, res) => res.writeHead(503).end('x'.repeat(5000)))
  const sub = await subscribe('/dead', ['import.completed'])
  // An event written a day ago, still failing: its next failure is its last.
  await h.db.transaction().execute(async (trx) => {
    await recordWebhookEvents(trx, [{ la: '372', type: 'import.completed', childId: null, payload: { runId: 'r1', changed: true, counts: {} } }])
    await sql`update webhook_events set created_at = now() - interval '24 hours 1 minute'`.execute(trx)
  })
  dispatcher.kick()
  t.ok(await eventually(async () => (await deliveries())[0]?.status === 'parked', 5000), 'parked')
  const [d] = await deliveries()
  t.equal(d?.lastStatusCode, 503)
  t.ok((d?.lastError?.length ?? 0) <= 1000, 'at most 1,000 characters of what the receiver said')
  await new Promise((r) => setTimeout(r, 150))
  t.equal(at('/dead').length, 1, 'not tried again')

  // Visible in the log, and sent again on request once the receiver is back.
  const log = await h.call(admin, { method: 'GET', url: `/v1/webhooks/${sub.id}/deliveries?status=parked` })
  t.equal(log.statusCode, 200, log.body)
  t.match(log.json(), { items: [{ status: 'parked', type: 'import.completed', attempts: 1, lastStatusCode: 503, nextAttemptAt: null }] })
  handlers.set('/dead', (_r, res) => res.writeHead(200).end())
  const replay = await h.call(admin, { method: 'POST', url: `/v1/webhooks/${sub.id}/replay`, payload: { eventIds: [d?.eventId] } })
  t.equal(replay.statusCode, 202, replay.body)
  t.same(replay.json(), { replayed: 1 })
  t.ok(await eventually(async () => (await deliveries())[0]?.status === 'delivered', 5000), 'delivered on replay')
  const after = await h.call(admin, { method: 'GET', url: `/v1/webhooks/${sub.id}/deliveries` })
  t.match(after.json(), { items: [{ status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null }] })
  t.equal(new Set(at('/dead').map((r) => r.headers['webhook-id'])).size, 1, 'the same event id when sent again')
  // A time range: every event written in it.
  const again = await h.call(admin, { method: 'POST', url: `/v1/webhooks/${sub.id}/replay`, payload: { from: '2000-01-01T00:00:00Z' } })
  t.same(again.json(), { replayed: 1 })
  const other = await h.key(['records:read'], ['372'])
  t.equal((await h.call(other, { method: 'GET', url: `/v1/webhooks/${sub.id}/deliveries` })).statusCode, 404, "another key's log is as good as absent")
})

t.test("each receiver gets a child's events in the order they were written, even across a retry", async (t) => {
  let failFirst = true
  const order: string[] = []
  handlers.set('/ordered', (r, res) => {
    const e = JSON.parse(r.body) as { data: { childId: string; changedOn: string } }
    if (e.data.childId === 'C1' && e.data.changedOn.endsWith('1') && failFirst) {
      failFirst = false
      res.writeHead(500).end()
      return
    }
    order.push(`${e.data.childId}:${e.data.changedOn.slice(-1)}`)
    // Slow enough that a second delivery for the same child would overtake if it were allowed.
    setTimeout(() => res.writeHead(204).end(), 10)
  })
  await subscribe('/ordered', ['child.placement-changed'])
  const events = [1, 2, 3, 4, 5].flatMap((n) =>
    ['C1', 'C2'].map((childId) => ({ la: '372', type: 'child.placement-changed' as const, childId, payload: { childId, changedOn: `2026-01-0${n}` } })),
  )
  await recordWebhookEvents(h.db, events)
  dispatcher.kick()
  t.ok(await eventually(async () => order.length === 10, 8000), 'all delivered')
  t.same(
    order.filter((o) => o.startsWith('C1')),
    ['C1:1', 'C1:2', 'C1:3', 'C1:4', 'C1:5'],
  )
  t.same(
    order.filter((o) => o.startsWith('C2')),
    ['C2:1', 'C2:2', 'C2:3', 'C2:4', 'C2:5'],
  )
})

t.test('a receiver that never answers delays no other subscription', async (t) => {
  handlers.set('/hung', () => {
    /* never answers: the dispatcher's timeout ends each attempt */
  })
  await subscribe('/hung', ['import.completed'])
  await subscribe('/quick', ['import.completed'])
  const started = Date.now()
  await recordWebhookEvents(
    h.db,
    Array.from({ length: 6 }, (_, i) => ({
      la: '372',
      type: 'import.completed' as const,
      childId: null,
      payload: { runId: `r${i}`, changed: true, counts: {} },
    })),
  )
  dispatcher.kick()
  t.ok(await eventually(async () => at('/quick').length === 6, 5000), 'the quick receiver has all six')
  t.ok(Date.now() - started < 1500, `within ${Date.now() - started} ms, while the other hangs`)
  t.ok(at('/hung').length <= 6, 'the hung one holds at most its slots')
  // Stop hanging so the test can end with nothing in flight.
  handlers.set('/hung', (_r, res) => res.writeHead(204).end())
  t.ok(await eventually(async () => (await deliveries()).every((d) => d.status === 'delivered'), 8000))
})

t.test('paused subscriptions get nothing; after a rotation both secrets sign, and either verifies', async (t) => {
  const paused = await subscribe('/paused', ['import.completed'])
  await h.call(admin, { method: 'PATCH', url: `/v1/webhooks/${paused.id}`, payload: { paused: true } })
  const rotating = await subscribe('/rotating', ['import.completed'])
  const rotated = await h.call(admin, { method: 'POST', url: `/v1/webhooks/${rotating.id}/rotate-secret`, payload: { overlapHours: 1 } })
  const newSecret = rotated.json<{ secret: string }>().secret
  await recordWebhookEvents(h.db, [{ la: '372', type: 'import.completed', childId: null, payload: { runId: 'r1', changed: true, counts: {} } }])
  dispatcher.kick()
  t.ok(await eventually(async () => at('/rotating').length === 1, 5000))
  const [got] = at('/rotating')
  const headers = {
    'webhook-id': String(got?.headers['webhook-id']),
    'webhook-timestamp': String(got?.headers['webhook-timestamp']),
    'webhook-signature': String(got?.headers['webhook-signature']),
  }
  t.equal(headers['webhook-signature'].split(' ').length, 2, 'two signatures during the overlap')
  t.ok(verify([rotating.secret], headers, got?.body ?? ''), 'the old secret verifies')
  t.ok(verify([newSecret], headers, got?.body ?? ''), 'the new one too')
  await dispatcher.idle()
  t.equal(at('/paused').length, 0)
})

t.test('a name that resolves to a private or loopback address is not called unless its host is listed', async (t) => {
  const port = (server.address() as AddressInfo).port
  const res = await h.call(admin, {
    method: 'POST',
    url: '/v1/webhooks',
    payload: { url: `https://localhost:${port}/inside`, events: ['import.completed'], authorities: ['372'] },
  })
  t.equal(res.statusCode, 201, 'a name is accepted: where it leads is checked at delivery')
  await recordWebhookEvents(h.db, [{ la: '372', type: 'import.completed', childId: null, payload: { runId: 'r1', changed: true, counts: {} } }])
  dispatcher.kick()
  t.ok(await eventually(async () => typeof (await deliveries())[0]?.lastError === 'string', 5000), 'the attempt failed')
  const [d] = await deliveries()
  t.match(d, { status: 'pending', lastStatusCode: null, lastError: /private, loopback or link-local/ })
  t.equal(at('/inside').length, 0, 'never connected')
})

t.test("a revoked key's subscription gets nothing more, not even what was pending", async (t) => {
  const partner = await h.key(['records:read'], ['372'])
  await subscribe('/revoked', ['import.completed'], partner)
  handlers.set('/revoked', (_r, res) => res.writeHead(500).end())
  await recordWebhookEvents(h.db, [{ la: '372', type: 'import.completed', childId: null, payload: { runId: 'r1', changed: true, counts: {} } }])
  dispatcher.kick()
  t.ok(await eventually(async () => at('/revoked').length >= 1, 5000), 'tried while the key was valid')
  await h.db.updateTable('api_clients').set({ revokedAt: new Date() }).where('name', '=', 'test records:read').execute()
  await dispatcher.idle()
  const tried = at('/revoked').length
  handlers.set('/revoked', (_r, res) => res.writeHead(204).end())
  await new Promise((r) => setTimeout(r, 300))
  t.equal(at('/revoked').length, tried, 'no attempt after the revocation')
})
