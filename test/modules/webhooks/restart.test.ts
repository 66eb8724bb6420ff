import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { recordWebhookEvents } from '../../../src/db/webhook-outbox.ts'
import { buildTestApp, eventually } from '../../helper.ts'

/**
 * A receiver down, then up again: the events written while it was down are retried (connection
 * refused is a failure like any other) and arrive once it answers, each once, each child's in order.
 */
const h = await buildTestApp(t, {
  config: { webhookAllowedHosts: ['127.0.0.1'] },
  webhooks: { pollMs: 25, timeoutMs: 400, backoff: { baseMs: 20, capMs: 80 } },
})
await h.authority('372')
const admin = await h.key(['admin', 'records:read', 'child:read'], ['372'])

// A free port, then nothing listening on it.
const probe = createServer()
await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
const port = (probe.address() as AddressInfo).port
await new Promise((resolve) => probe.close(resolve))

t.test('events sent while the receiver is down arrive after it comes back, once each, in order', async (t) => {
  const sub = await h.call(admin, {
    method: 'POST',
    url: '/v1/webhooks',
    payload: { url: `http://127.0.0.1:${port}/hook`, events: ['child.placement-changed'], authorities: ['372'] },
  })
  t.equal(sub.statusCode, 201, sub.body)
  const changes = ['2026-05-01', '2026-05-02', '2026-05-03']
  await h.db.transaction().execute((trx) =>
    recordWebhookEvents(
      trx,
      changes.map((changedOn) => ({ la: '372', type: 'child.placement-changed' as const, childId: 'C1', payload: { childId: 'C1', changedOn } })),
    ),
  )
  h.app.webhooks?.kick()
  const failed = await eventually(async () => {
    const d = await h.db.selectFrom('webhook_deliveries').select(['attempts', 'lastError']).where('attempts', '>=', 2).execute()
    return d.length > 0 ? d : null
  }, 5000)
  t.match(failed?.[0]?.lastError, /not sent: ECONNREFUSED/, 'the refused connection is logged as a failure and retried')

  const got: string[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      got.push(String(req.headers['webhook-id']) + ' ' + (JSON.parse(Buffer.concat(chunks).toString()) as { data: { changedOn: string } }).data.changedOn)
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => server.close(resolve)))
  t.ok(await eventually(async () => got.length >= 3, 10_000), 'all arrive once it is back')
  await h.app.webhooks?.idle()
  t.same(
    got.map((g) => g.split(' ')[1]),
    changes,
    'in order, each once',
  )
  t.equal(new Set(got.map((g) => g.split(' ')[0])).size, 3, 'three distinct event ids')
  t.same(
    (await h.db.selectFrom('webhook_deliveries').select('status').execute()).map((d) => d.status),
    ['delivered', 'delivered', 'delivered'],
  )
})
