import t from 'tap'
import { buildTestApp, truncateAll } from '../../helper.ts'

const h = await buildTestApp(t)
t.beforeEach(() => truncateAll(h.db))

t.test('POST /v1/clients shows the key once and stores only its hash', async (t) => {
  const admin = await h.key(['admin'])
  const res = await h.call(admin, {
    method: 'POST',
    url: '/v1/clients',
    payload: { name: 'Health trust', scopes: ['health:write'], authorities: ['372'] },
  })
  t.equal(res.statusCode, 201)
  const { client, key } = res.json()
  t.match(key, /^cpds_[A-Za-z0-9_-]{43}$/)
  t.same(client.scopes, ['health:write'])
  t.equal(client.keyPrefix, key.slice(0, 11))
  const stored = await h.db.selectFrom('api_clients').selectAll().where('id', '=', client.id).executeTakeFirstOrThrow()
  t.not(stored.keyHash, key)
  t.notMatch(JSON.stringify(stored), key, 'the key itself is nowhere in the row')

  const list = await h.call(admin, { method: 'GET', url: '/v1/clients' })
  t.equal(list.statusCode, 200)
  t.notMatch(list.body, key)
  t.notMatch(list.body, /keyHash/)
})

t.test('unknown scope and bad authority are refused with the field named', async (t) => {
  const admin = await h.key(['admin'])
  const res = await h.call(admin, { method: 'POST', url: '/v1/clients', payload: { name: 'x', scopes: ['everything'], authorities: ['37'] } })
  t.equal(res.statusCode, 400)
  const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer)
  t.ok(pointers.includes('/scopes/0'))
  t.ok(pointers.includes('/authorities/0'))
})

t.test('DELETE /v1/clients/:id revokes at once', async (t) => {
  const admin = await h.key(['admin'])
  const created = (await h.call(admin, { method: 'POST', url: '/v1/clients', payload: { name: 'Dash', scopes: ['admin'], authorities: ['*'] } })).json()
  t.equal((await h.call(created.key, { method: 'GET', url: '/v1/clients' })).statusCode, 200)
  const revoked = await h.call(admin, { method: 'DELETE', url: `/v1/clients/${created.client.id}` })
  t.equal(revoked.statusCode, 200)
  t.type(revoked.json().revokedAt, 'string')
  t.equal((await h.call(created.key, { method: 'GET', url: '/v1/clients' })).statusCode, 401)
  const missing = await h.call(admin, { method: 'DELETE', url: '/v1/clients/00000000-0000-4000-8000-000000000000' })
  t.equal(missing.statusCode, 404)
})

t.test('GET /v1/authorities lists only the authorities the key may use', async (t) => {
  await h.authority('372', 'Rotherham')
  await h.authority('373', 'Sheffield')
  const local = await h.key(['kpi:read'], ['372'])
  const res = await h.call(local, { method: 'GET', url: '/v1/authorities' })
  t.same(
    res.json().items.map((a: { la: string }) => a.la),
    ['372'],
  )
  const all = await h.key(['kpi:read'], ['*'])
  t.same(
    (await h.call(all, { method: 'GET', url: '/v1/authorities' })).json().items.map((a: { la: string }) => a.la),
    ['372', '373'],
  )
})

t.test('PUT /v1/authorities/:la creates then updates', async (t) => {
  const admin = await h.key(['admin'])
  const created = await h.call(admin, { method: 'PUT', url: '/v1/authorities/372', payload: { name: 'Rotherham', populationUnder18: 57000 } })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { la: '372', name: 'Rotherham', populationUnder18: 57000, dataVersion: 1 })
  const renamed = await h.call(admin, { method: 'PUT', url: '/v1/authorities/372', payload: { name: 'Rotherham MBC' } })
  t.equal(renamed.statusCode, 200)
  t.match(renamed.json(), { name: 'Rotherham MBC', populationUnder18: 57000 })
})

t.test('writes are audited with client, authority, resource and request id; GET /v1/audit filters', async (t) => {
  const admin = await h.key(['admin'])
  const put = await h.call(admin, { method: 'PUT', url: '/v1/authorities/372', payload: { name: 'Rotherham' }, headers: { 'x-request-id': 'req-audit-1' } })
  t.equal(put.statusCode, 201)
  const res = await h.call(admin, { method: 'GET', url: '/v1/audit?la=372' })
  t.equal(res.statusCode, 200)
  const [event] = res.json().items
  t.match(event, { la: '372', action: 'put', resource: '/v1/authorities/:la', requestId: 'req-audit-1', status: 201 })
  t.type(event.clientId, 'string')
  const none = await h.call(admin, { method: 'GET', url: '/v1/audit?la=999' })
  t.same(none.json().items, [])
})

t.test('rate limit answers 429 problem+json per client', async (t) => {
  const limited = await buildTestApp(t, { rateLimitPerMinute: 2 })
  const key = await limited.key(['admin'])
  const codes = []
  for (let i = 0; i < 3; i++) codes.push((await limited.call(key, { method: 'GET', url: '/v1/clients' })).statusCode)
  t.same(codes, [200, 200, 429])
  const res = await limited.call(key, { method: 'GET', url: '/v1/clients' })
  t.match(String(res.headers['content-type']), /problem\+json/)
  const other = await limited.key(['admin'])
  t.equal((await limited.call(other, { method: 'GET', url: '/v1/clients' })).statusCode, 200, 'another client has its own budget')
})

t.test('an administrator of one authority cannot reach beyond it', async (t) => {
  const local = await h.key(['admin'], ['372'])
  const global = await h.key(['admin'], ['*'])
  const refused = await h.call(local, { method: 'POST', url: '/v1/clients', payload: { name: 'x', scopes: ['kpi:read'], authorities: ['373'] } })
  t.equal(refused.statusCode, 403)
  t.equal(refused.json().errors[0].pointer, '/authorities')
  t.equal((await h.call(local, { method: 'POST', url: '/v1/clients', payload: { name: 'x', scopes: ['kpi:read'], authorities: ['*'] } })).statusCode, 403)
  t.equal((await h.call(local, { method: 'POST', url: '/v1/clients', payload: { name: 'ok', scopes: ['kpi:read'], authorities: ['372'] } })).statusCode, 201)
  const other = (
    await h.call(global, { method: 'POST', url: '/v1/clients', payload: { name: 'elsewhere', scopes: ['kpi:read'], authorities: ['373'] } })
  ).json()
  const listed = (await h.call(local, { method: 'GET', url: '/v1/clients' })).json().items.map((c: { name: string }) => c.name)
  t.ok(listed.includes('ok') && !listed.includes('elsewhere'), `listed ${listed}`)
  t.equal((await h.call(local, { method: 'DELETE', url: `/v1/clients/${other.client.id}` })).statusCode, 404)
  await h.call(global, { method: 'PUT', url: '/v1/authorities/373', payload: { name: 'Sheffield' } })
  await h.app.flushAudit()
  const events = (await h.call(local, { method: 'GET', url: '/v1/audit' })).json().items
  t.ok(
    events.every((e: { la: string | null }) => e.la === '372'),
    "only its own authority's events",
  )
})
