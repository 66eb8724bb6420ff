import t from 'tap'
import { buildTestApp, expectProblem, truncateAll } from '../../helper.ts'

const h = await buildTestApp(t, { config: { webhookAllowedHosts: ['127.0.0.1'] }, webhooks: false })
const URL_OK = 'https://trust.nhs.example/hooks'

t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  await h.authority('373')
})

const create = (key: string, body: Record<string, unknown>) => h.call(key, { method: 'POST', url: '/v1/webhooks', payload: body })

t.test('a partner subscribes itself: 201 with the secret once; listed without it; audited', async (t) => {
  const trust = await h.key(['health:write', 'child:read'], ['372'])
  const res = await create(trust, { url: URL_OK, events: ['child.admitted', 'health-assessment.overdue'], authorities: ['372'], description: 'LAC nurses' })
  t.equal(res.statusCode, 201, res.body)
  const { subscription, secret } = res.json<{ subscription: Record<string, unknown>; secret: string }>()
  t.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/)
  t.match(subscription, {
    url: URL_OK,
    events: ['child.admitted', 'health-assessment.overdue'],
    authorities: ['372'],
    paused: false,
    description: 'LAC nurses',
  })
  const stored = await h.db.selectFrom('webhook_subscriptions').select(['secret', 'clientId']).executeTakeFirstOrThrow()
  t.equal(stored.secret, secret, 'kept to sign with')

  const list = await h.call(trust, { method: 'GET', url: '/v1/webhooks' })
  t.equal(list.statusCode, 200)
  t.equal(list.json<{ items: unknown[] }>().items.length, 1)
  t.notMatch(list.body, /whsec_/, 'never the secret')
  t.notMatch(list.body, /secret"/)

  await h.app.flushAudit()
  const events = await h.db.selectFrom('audit_events').select(['action', 'resource', 'status']).where('action', '=', 'post').execute()
  t.same(events, [{ action: 'post', resource: '/v1/webhooks', status: 201 }])
})

t.test('an event the key scopes do not allow is a 422 naming it; child events need child:read', async (t) => {
  const school = await h.key(['education:write'], ['372'])
  const res = await create(school, { url: URL_OK, events: ['import.completed', 'child.admitted', 'care-leaver.pathway-plan-review-due'], authorities: ['372'] })
  const body = expectProblem(t, res, 422)
  t.match(String(body.detail), /import\.completed, child\.admitted, care-leaver\.pathway-plan-review-due/)
  t.same(
    body.errors?.map((e) => e.pointer),
    ['/events/0', '/events/1', '/events/2'],
  )
  const withChildRead = await h.key(['education:write', 'child:read'], ['372'])
  t.equal((await create(withChildRead, { url: URL_OK, events: ['child.admitted', 'sdq.due'], authorities: ['372'] })).statusCode, 201)
  const dashboard = await h.key(['kpi:read'], ['372'])
  t.equal((await create(dashboard, { url: URL_OK, events: ['import.completed'], authorities: ['372'] })).statusCode, 201)
  t.equal(
    await h.db
      .selectFrom('webhook_subscriptions')
      .select('id')
      .execute()
      .then((r) => r.length),
    2,
    'the refused one stored nothing',
  )
})

t.test('https only, but for allowed hosts; authorities within the key; unknown events refused by the schema', async (t) => {
  const key = await h.key(['records:read', 'child:read'], ['372'])
  const http = expectProblem(t, await create(key, { url: 'http://trust.nhs.example/hooks', events: ['child.admitted'], authorities: ['372'] }), 422)
  t.same(http.errors?.[0]?.pointer, '/url')
  t.equal((await create(key, { url: 'http://127.0.0.1:9/hooks', events: ['child.admitted'], authorities: ['372'] })).statusCode, 201)
  const beyond = expectProblem(t, await create(key, { url: URL_OK, events: ['child.admitted'], authorities: ['373'] }), 403)
  t.match(String(beyond.detail), /373/)
  expectProblem(t, await create(key, { url: URL_OK, events: ['child.adopted'], authorities: ['372'] }), 400)
  expectProblem(t, await create(key, { url: URL_OK, events: [], authorities: ['372'] }), 400)
})

t.test('an administrator subscribes another client and sees every subscription within its authorities; a partner only its own', async (t) => {
  const admin = await h.key(['admin'], ['372'])
  const trust = await h.key(['health:write', 'child:read'], ['372'])
  const other = await h.key(['records:read', 'child:read'], ['373'])
  const trustId = (await h.db.selectFrom('api_clients').select('id').where('name', '=', 'test health:write child:read').executeTakeFirstOrThrow()).id
  const otherId = (await h.db.selectFrom('api_clients').select('id').where('name', '=', 'test records:read child:read').executeTakeFirstOrThrow()).id
  const made = await create(admin, { clientId: trustId, url: URL_OK, events: ['child.admitted'], authorities: ['372'] })
  t.equal(made.statusCode, 201, made.body)
  t.equal(made.json<{ subscription: { clientId: string } }>().subscription.clientId, trustId)
  // The owner's scopes count, not the administrator's.
  expectProblem(t, await create(admin, { clientId: trustId, url: URL_OK, events: ['care-leaver.birthday-contact-due'], authorities: ['372'] }), 422)
  // A client beyond the administrator's authorities is as good as absent.
  expectProblem(t, await create(admin, { clientId: otherId, url: URL_OK, events: ['child.admitted'], authorities: ['373'] }), 422)
  // A partner may not name another client.
  expectProblem(t, await create(trust, { clientId: otherId, url: URL_OK, events: ['child.admitted'], authorities: ['372'] }), 403)
  t.equal((await create(other, { url: URL_OK, events: ['child.admitted'], authorities: ['373'] })).statusCode, 201)

  const count = async (key: string) => (await h.call(key, { method: 'GET', url: '/v1/webhooks' })).json<{ items: unknown[] }>().items.length
  t.equal(await count(admin), 1, "the administrator of 372 does not see 373's")
  t.equal(await count(trust), 1)
  t.equal(await count(other), 1)
  t.equal(await count(await h.key(['admin'], ['*'])), 2)
})

t.test('pause, change events, rotate the secret with an overlap, delete; another key cannot touch it', async (t) => {
  const trust = await h.key(['health:write', 'child:read'], ['372'])
  const stranger = await h.key(['health:write', 'child:read'], ['372'])
  const made = (await create(trust, { url: URL_OK, events: ['child.admitted'], authorities: ['372'] })).json<{ subscription: { id: string }; secret: string }>()
  const url = `/v1/webhooks/${made.subscription.id}`

  expectProblem(t, await h.call(stranger, { method: 'PATCH', url, payload: { paused: true } }), 404)
  expectProblem(t, await h.call(stranger, { method: 'DELETE', url }), 404)

  const paused = await h.call(trust, { method: 'PATCH', url, payload: { paused: true, events: ['child.admitted', 'child.ceased'], description: 'x' } })
  t.equal(paused.statusCode, 200, paused.body)
  t.match(paused.json(), { paused: true, events: ['child.admitted', 'child.ceased'], description: 'x' })
  expectProblem(t, await h.call(trust, { method: 'PATCH', url, payload: { events: ['care-leaver.birthday-contact-due'] } }), 422)
  expectProblem(t, await h.call(trust, { method: 'PATCH', url, payload: {} }), 400)

  const rotated = await h.call(trust, { method: 'POST', url: `${url}/rotate-secret`, payload: { overlapHours: 2 } })
  t.equal(rotated.statusCode, 200, rotated.body)
  const r = rotated.json<{ subscription: { previousSecretValidUntil: string }; secret: string }>()
  t.not(r.secret, made.secret)
  const until = Date.parse(r.subscription.previousSecretValidUntil) - Date.now()
  t.ok(until > 1.9 * 3600_000 && until <= 2 * 3600_000, 'the old secret signs for the overlap')
  const row = await h.db.selectFrom('webhook_subscriptions').select(['secret', 'previousSecret']).executeTakeFirstOrThrow()
  t.same(row, { secret: r.secret, previousSecret: made.secret })
  const defaulted = (await h.call(trust, { method: 'POST', url: `${url}/rotate-secret`, payload: {} })).json<{
    subscription: { previousSecretValidUntil: string }
  }>()
  t.ok(Date.parse(defaulted.subscription.previousSecretValidUntil) - Date.now() > 23.9 * 3600_000, '24 hours by default')
  const none = (await h.call(trust, { method: 'POST', url: `${url}/rotate-secret`, payload: { overlapHours: 0 } })).json<{
    subscription: { previousSecretValidUntil: null }
  }>()
  t.equal(none.subscription.previousSecretValidUntil, null, 'no overlap: the old secret stops at once')

  const del = await h.call(trust, { method: 'DELETE', url })
  t.equal(del.statusCode, 204)
  expectProblem(t, await h.call(trust, { method: 'DELETE', url }), 404)
})
