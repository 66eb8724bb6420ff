import t from 'tap'
import { buildTestApp, expectProblem as isProblem, truncateAll } from '../helper.ts'

const h = await buildTestApp(t)
t.beforeEach(() => truncateAll(h.db))

t.test('unknown route is a 404 problem', async (t) => {
  const res = await h.app.inject({ method: 'GET', url: '/nowhere?x=1' })
  const body = isProblem(t, res, 404)
  t.equal(body.instance, '/nowhere')
})

t.test('malformed JSON is a 400 problem, not a 500', async (t) => {
  await h.authority('372')
  const key = await h.key(['admin'])
  const res = await h.call(key, { method: 'PUT', url: '/v1/authorities/372', headers: { 'content-type': 'application/json' }, payload: '{"name": ' })
  const body = isProblem(t, res, 400)
  t.match(body.detail, /not valid JSON/)
})

t.test('wrong content type is a 415 problem', async (t) => {
  const key = await h.key(['admin'])
  const res = await h.call(key, { method: 'PUT', url: '/v1/authorities/372', headers: { 'content-type': 'text/csv' }, payload: 'name\nRotherham' })
  isProblem(t, res, 415)
})

t.test('oversize body is a 413 problem', async (t) => {
  const key = await h.key(['admin'])
  const res = await h.call(key, {
    method: 'PUT',
    url: '/v1/authorities/372',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
  })
  isProblem(t, res, 413)
})

t.test('bad path parameter is a 400 problem naming the field', async (t) => {
  const key = await h.key(['admin'])
  const res = await h.call(key, { method: 'PUT', url: '/v1/authorities/37A', payload: { name: 'Rotherham' } })
  const body = isProblem(t, res, 400)
  t.same(body.errors, [{ in: 'params', pointer: '/la', message: 'must match pattern "^[0-9]{3}$"' }])
})

t.test('body validation lists every offending field with a JSON pointer', async (t) => {
  const key = await h.key(['admin'])
  const res = await h.call(key, {
    method: 'PUT',
    url: '/v1/authorities/372',
    payload: { populationUnder18: -5, colour: 'red' },
  })
  const body = isProblem(t, res, 400)
  const pointers = (body.errors as Array<{ pointer: string; in: string }>).map((e) => `${e.in}${e.pointer}`).sort()
  t.same(pointers, ['body/colour', 'body/name', 'body/populationUnder18'])
})

t.test('an incoming X-Request-Id is used and echoed; a bad one is replaced', async (t) => {
  const ok = await h.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc-123' } })
  t.equal(ok.headers['x-request-id'], 'abc-123')
  const bad = await h.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'has spaces <script>' } })
  t.match(String(bad.headers['x-request-id']), /^[0-9a-f-]{36}$/)
  t.ok(h.logs.some((l) => JSON.parse(l).requestId === 'abc-123'), 'the request id is on the log lines')
})

t.test('an unexpected failure is a 500 problem that hides the cause', async (t) => {
  const key = await h.key(['admin'])
  // Break the table the handler writes to, so the database raises an error the code never expected.
  const { sql } = await import('kysely')
  await sql`alter table authorities add constraint no_writes check (name <> 'Boom')`.execute(h.db)
  t.teardown(() => sql`alter table authorities drop constraint no_writes`.execute(h.db))
  const res = await h.call(key, { method: 'PUT', url: '/v1/authorities/372', payload: { name: 'Boom' } })
  const body = isProblem(t, res, 500)
  t.notMatch(String(body.detail), /no_writes|constraint|authorities/)
})
