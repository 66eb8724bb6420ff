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
  t.ok(
    h.logs.some((l) => JSON.parse(l).requestId === 'abc-123'),
    'the request id is on the log lines',
  )
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

t.test("a URL the router cannot read is Fastify's 400, as a problem with the request id", async (t) => {
  const malformed = await h.app.inject({ method: 'GET', url: '/v1/authorities/%zz/children' })
  const body = isProblem(t, malformed, 400)
  t.match(body.detail, /malformed percent-encoding/)
  t.notMatch(String(body.detail), /%zz/, 'the detail does not quote the path')
  const long = await h.app.inject({ method: 'GET', url: `/v1/authorities/372/children/${'A'.repeat(150)}` })
  t.match(isProblem(t, long, 400).detail, /too long/)
})

t.test('headers too large for the server are a 431 problem, over a real connection', async (t) => {
  await h.app.listen({ port: 0, host: '127.0.0.1' })
  const address = h.app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const { connect } = await import('node:net')
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => (received += d))
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? undefined : reject(err)))
    socket.on('close', () => resolve(received))
    socket.on('connect', () => socket.write(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`))
  })
  t.match(text, /^HTTP\/1\.1 431 /)
  t.match(text, /content-type: application\/problem\+json/i)
  const problem = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>
  t.match(problem, { status: 431, title: 'Request Header Fields Too Large', type: /request-header-fields-too-large$/ })
  t.match(text, new RegExp(`x-request-id: ${String(problem.requestId)}`, 'i'), 'the request id is in the header and the body')
  t.notOk('instance' in problem, 'no path: the request could not be read')
})

t.test('U+0000 in any string is a 400 naming the field, never a database error', async (t) => {
  await h.authority('372')
  const key = await h.key(['admin', 'records:write', 'records:read'])
  const name = await h.call(key, { method: 'PUT', url: '/v1/authorities/372', payload: { name: 'Rother\u0000ham' } })
  t.same(isProblem(t, name, 400).errors, [{ in: 'body', pointer: '/name', message: 'must match pattern "^[^\\x00]*$"' }])
  const child = await h.call(key, {
    method: 'PUT',
    url: '/v1/authorities/372/children/C1',
    payload: { sex: 'F', dateOfBirth: '2012-01-01', ethnicity: 'WB\u0000RI' },
  })
  t.match(isProblem(t, child, 400).errors, [{ in: 'body', pointer: '/ethnicity' }])
  const path = await h.call(key, { method: 'GET', url: '/v1/authorities/372/children/C%001' })
  t.match(isProblem(t, path, 400).errors, [{ in: 'params', pointer: '/childId' }])
  const query = await h.call(key, { method: 'GET', url: '/v1/authorities/372/children?placementType=U%004' })
  t.match(isProblem(t, query, 400).errors, [{ in: 'querystring', pointer: '/placementType' }])
  const batch = await h.call(key, { method: 'POST', url: '/v1/authorities/3%0072/health-checks', payload: { recordId: 'R1', childId: 'C1' } })
  t.equal(batch.statusCode, 403, 'a partner batch checks its path too (the key lacks health:write here)')
  const nurse = await h.key(['health:write'])
  const refused = await h.call(nurse, { method: 'POST', url: '/v1/authorities/3%0072/health-checks', payload: { recordId: 'R1', childId: 'C1' } })
  t.match(isProblem(t, refused, 400).errors, [{ in: 'params', pointer: '/la' }], "a batch's bad path parameter is the request's 400")
})

t.test('Infinity, 1e400 and numbers beyond a column are a 400 naming the field', async (t) => {
  const key = await h.key(['admin'])
  for (const limit of ['Infinity', '-Infinity', '1e400', '2147483648']) {
    const res = await h.call(key, { method: 'GET', url: `/v1/audit?limit=${limit}` })
    t.match(isProblem(t, res, 400).errors, [{ in: 'querystring', pointer: '/limit' }], `limit=${limit}`)
  }
  const cursor = await h.call(key, { method: 'GET', url: `/v1/audit?cursor=${'9'.repeat(19)}` })
  t.match(isProblem(t, cursor, 400).errors, [{ in: 'querystring', pointer: '/cursor' }], 'a cursor past bigint')
  const body = await h.call(key, {
    method: 'PUT',
    url: '/v1/authorities/372',
    headers: { 'content-type': 'application/json' },
    payload: '{"name":"Rotherham","populationUnder18":1e400}',
  })
  t.match(isProblem(t, body, 400).errors, [{ in: 'body', pointer: '/populationUnder18' }])
  const year = await h.call(key, { method: 'GET', url: '/v1/code-lists?date=0000-01-01' })
  t.match(isProblem(t, year, 400).errors, [{ in: 'querystring', pointer: '/date' }], 'a year PostgreSQL cannot hold')
})

t.test('a benchmark given twice in one request is a 422 naming the repeat, not a database error', async (t) => {
  await h.authority('372')
  const key = await h.key(['admin'])
  const item = { kpiId: 'children-in-care', kind: 'national', periodEnd: '2025-03-31', value: 68 }
  const res = await h.call(key, { method: 'PUT', url: '/v1/authorities/372/benchmarks', payload: { items: [item, { ...item, value: 70 }] } })
  t.same(isProblem(t, res, 422).errors, [{ in: 'body', pointer: '/items/1', message: 'names the same KPI, kind and period end as item 0' }])
})

t.test("a child's header for an authority that does not exist is a 404, not a database error", async (t) => {
  const key = await h.key(['records:write'])
  const res = await h.call(key, { method: 'PUT', url: '/v1/authorities/999/children/C1', payload: { sex: 'F', dateOfBirth: '2012-01-01', ethnicity: 'WBRI' } })
  t.match(isProblem(t, res, 404).detail, /No authority 999/)
})

t.test('a cursor is checked like any input: one holding U+0000 is a 400 naming it', async (t) => {
  const key = await h.key(['child:read'])
  const cursor = Buffer.from(JSON.stringify(['2024-02-01', 'R\u00001'])).toString('base64url')
  const res = await h.call(key, { method: 'GET', url: `/v1/authorities/372/sdq/high-scores?from=2024-01-01&to=2025-01-01&cursor=${cursor}` })
  t.match(isProblem(t, res, 400).errors, [{ in: 'querystring', pointer: '/cursor' }])
})
