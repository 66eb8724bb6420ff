// The errors plugin alone on a bare Fastify: every failure becomes problem+json with the request id,
// client mistakes say what was wrong, anything else says nothing of the internals, and routes declare
// the statuses every route of their kind can give.
import Fastify, { type FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import t from 'tap'
import { errorsPlugin } from '../../src/plugins/errors.ts'
import { HttpProblem } from '../../src/http/problem.ts'

async function bareApp(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  await app.register(errorsPlugin)
  app.get('/problem', async () => {
    throw new HttpProblem(409, 'conflict-here', 'It clashes.', undefined, { clash: 'C1' })
  })
  app.get('/boom', async () => {
    throw new Error('secret table name in a message')
  })
  app.get('/teapot', async () => {
    throw Object.assign(new Error('I am a teapot'), { statusCode: 418 })
  })
  app.get('/db-down', async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
  })
  app.post('/things', { schema: { body: Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: false }) } }, async () => ({ ok: true }))
  app.get('/hidden', { schema: { hide: true } }, async () => ({ ok: true }))
  await app.ready()
  return app
}

const app = await bareApp()
t.teardown(() => app.close())

const problemOf = async (t: Tap, res: Awaited<ReturnType<FastifyInstance['inject']>>, status: number) => {
  t.equal(res.statusCode, status)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  const body = res.json()
  t.equal(body.status, status)
  t.notMatch(body.instance, /\?/, 'the instance is the path, never the query string')
  t.type(body.requestId, 'string')
  return body
}
/** Any tap test (the root or a subtest): the assertions used here. */
type Tap = Pick<typeof t, 'equal' | 'match' | 'notMatch' | 'type'>

t.test('an HttpProblem is answered as itself, with its extra members', async (t) => {
  const body = await problemOf(t, await app.inject({ method: 'GET', url: '/problem' }), 409)
  t.match(body, { type: /conflict-here$/, detail: 'It clashes.', clash: 'C1' })
})

t.test('a body the schema refuses is a 400 naming each field by JSON pointer', async (t) => {
  const body = await problemOf(t, await app.inject({ method: 'POST', url: '/things', payload: { name: '', extra: 1 } }), 400)
  t.match(body.type, /validation$/)
  const pointers = body.errors.map((e: { pointer: string }) => e.pointer).sort()
  t.ok(pointers.includes('/name'), 'the short name is named')
})

t.test('malformed JSON is a plain 400, not a parser message', async (t) => {
  const res = await app.inject({ method: 'POST', url: '/things', payload: '{"name": ', headers: { 'content-type': 'application/json' } })
  const body = await problemOf(t, res, 400)
  t.equal(body.detail, 'The body is not valid JSON.')
})

t.test('an unexpected error is a 500 that says nothing of the internals', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/boom' })
  const body = await problemOf(t, res, 500)
  t.notMatch(res.body, /secret table/)
  t.match(body.detail, /request id/)
})

t.test("a framework client error keeps its status and Fastify's message", async (t) => {
  const body = await problemOf(t, await app.inject({ method: 'GET', url: '/teapot' }), 418)
  t.equal(body.detail, 'I am a teapot')
})

t.test('a database out of reach is a 503 with Retry-After', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/db-down' })
  await problemOf(t, res, 503)
  t.ok(Number(res.headers['retry-after']) > 0)
  t.notMatch(res.body, /127\.0\.0\.1/)
})

t.test('an unknown route is a 404 problem naming the path without its query', async (t) => {
  const body = await problemOf(t, await app.inject({ method: 'GET', url: '/nowhere?nhs=9434765919' }), 404)
  t.equal(body.detail, 'No route GET /nowhere.')
})

t.test('routes declare the problem statuses of their kind; hidden routes are left alone', async (t) => {
  const routes = new Map<string, Record<string, unknown>>()
  const probe = Fastify({ logger: false })
  await probe.register(errorsPlugin)
  probe.addHook('onRoute', (r) => {
    const schema = r.schema as { response?: Record<string, unknown> } | undefined
    routes.set(`${String(r.method)} ${r.url}`, schema?.response ?? {})
  })
  probe.post('/things', { schema: { body: Type.Object({ name: Type.String() }) } }, async () => ({}))
  probe.get('/hidden', { schema: { hide: true } }, async () => ({}))
  await probe.ready()
  const things = routes.get('POST /things') ?? {}
  t.ok('400' in things && '500' in things, 'a validating route declares 400 and 500')
  t.same(Object.keys(routes.get('GET /hidden') ?? {}), [], 'a hidden route declares nothing')
  await probe.close()
})
