import { Writable } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sql } from 'kysely'
import pino from 'pino'
import t from 'tap'
import { AuditWriter } from '../../src/db/audit-writer.ts'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import { auditPlugin } from '../../src/plugins/audit.ts'
import type { AuthenticatedClient } from '../../src/plugins/auth.ts'
import { testDatabase } from '../helper.ts'

/**
 * The audit plugin alone on a bare Fastify: a stand-in for auth hands every request a client, and a
 * few routes write to one table the ways real routes do.
 */
const { db } = await testDatabase(t)
const { client: row } = await createApiClient(db, { name: 'plugin test', scopes: ['admin'], authorities: ['*'] })
const client: AuthenticatedClient = { id: row.id, name: row.name, scopes: new Set(['admin']), authorities: new Set(['*']), suppressSmallNumbers: false }

await sql`
  create function refuse_audit() returns trigger language plpgsql as $$
  begin
    if new.request_id like 'refuse-%' then raise exception 'audit event refused by the test'; end if;
    return new;
  end $$`.execute(db)
await sql`create trigger refuse_audit before insert on audit_events for each row execute function refuse_audit()`.execute(db)

/** The stand-in for the auth plugin: every request has the client, unless it says x-anonymous. */
const fakeAuth = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('client', null)
    app.addHook('onRequest', async (request) => {
      request.client = request.headers['x-anonymous'] ? null : client
    })
  },
  { name: 'auth' },
)

const logs: string[] = []
const writer = new AuditWriter(db)
const app = Fastify({
  loggerInstance: pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _e, done) => (logs.push(chunk.toString()), done()) })),
  genReqId: (req) => String(req.headers['x-request-id'] ?? 'no-id'),
})
await app.register(fakeAuth)
await app.register(auditPlugin(db, writer))

app.post<{ Params: { la: string } }>('/write/:la', async (request, reply) =>
  reply.auditedWrite(async (trx) => {
    await trx.insertInto('authorities').values({ la: request.params.la, name: 'Written', updatedAt: new Date() }).execute()
    reply.code(201)
    return { la: request.params.la }
  }),
)
app.post<{ Params: { la: string } }>('/conflict/:la', async (request, reply) =>
  reply.auditedWrite(async (trx) => {
    await trx.insertInto('authorities').values({ la: request.params.la, name: 'Half', updatedAt: new Date() }).execute()
    throw Object.assign(new Error('refused after writing'), { statusCode: 409 })
  }),
)
app.post<{ Params: { la: string } }>('/refuse-by-status/:la', async (request, reply) =>
  reply.auditedWrite(async (trx) => {
    await trx.insertInto('authorities').values({ la: request.params.la, name: 'Half', updatedAt: new Date() }).execute()
    reply.code(422)
    return { refused: true }
  }),
)
// A write route that opens its own transaction (as the imports do) and commits its event in it.
app.post<{ Params: { la: string } }>('/own-transaction/:la', async (request, reply) => {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('authorities').values({ la: request.params.la, name: 'Own', updatedAt: new Date() }).execute()
    reply.code(201)
    await reply.commitAuditEvent(trx)
  })
  return { ok: true }
})
// A write route that does not use the mechanism: still audited, and flagged.
app.post<{ Params: { la: string } }>('/unaudited/:la', async (request, reply) => {
  await db.insertInto('authorities').values({ la: request.params.la, name: 'Unaudited', updatedAt: new Date() }).execute()
  return reply.code(201).send({ ok: true })
})
app.get<{ Params: { id: string } }>('/child/:id', { config: { auditRead: true } }, async (request) => ({ id: request.params.id.length }))
app.get('/aggregate', async () => ({ n: 1 }))
// A caller that sets parameters itself (a body's id, say): values no URL could carry.
app.get(
  '/odd',
  {
    config: { auditRead: true },
    preHandler: async (request) => {
      request.params = { la: '3\u00007', childId: `\uD800C\u0000${'x'.repeat(500)}` }
    },
  },
  async () => ({ ok: true }),
)
await app.ready()
t.teardown(() => app.close())

const events = (requestId: string) => db.selectFrom('audit_events').selectAll().where('requestId', '=', requestId).execute()
const stored = async (la: string) => (await db.selectFrom('authorities').select('la').where('la', '=', la).execute()).length
const post = (url: string, requestId: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { 'x-request-id': requestId, ...headers } })

t.test('auditedWrite: the write and its event commit together, with the status answered, before the answer', async (t) => {
  const res = await post('/write/901', 'w-1')
  t.equal(res.statusCode, 201)
  t.equal(await stored('901'), 1)
  t.match(await events('w-1'), [{ clientId: client.id, la: '901', action: 'post', resource: '/write/:la', status: 201 }])
})

t.test('an event that cannot be written: the write is rolled back and the answer is not 2xx', async (t) => {
  const res = await post('/write/902', 'refuse-w-2')
  t.equal(res.statusCode, 500)
  t.equal(await stored('902'), 0, 'not applied')
  t.same(await events('refuse-w-2'), [])
  t.ok(
    logs.some((l) => l.includes('refuse-w-2') && l.includes('audit event could not be written')),
    'the lost attempt is logged',
  )
})

t.test('work that throws a refusal after writing: rolled back; the refused attempt is audited on its own', async (t) => {
  const res = await post('/conflict/903', 'c-1')
  t.equal(res.statusCode, 409)
  t.equal(await stored('903'), 0)
  t.match(await events('c-1'), [{ status: 409, action: 'post' }])
})

t.test('work that leaves a 4xx status without throwing: rolled back too, its body answered', async (t) => {
  const res = await post('/refuse-by-status/904', 'r-1')
  t.equal(res.statusCode, 422)
  t.same(res.json(), { refused: true })
  t.equal(await stored('904'), 0)
  t.match(await events('r-1'), [{ status: 422 }])
})

t.test("commitAuditEvent in a route's own transaction: one event, committed with the write", async (t) => {
  t.equal((await post('/own-transaction/905', 'o-1')).statusCode, 201)
  t.equal(await stored('905'), 1)
  t.match(await events('o-1'), [{ status: 201 }], 'exactly one event: onSend does not add a second')
  const refused = await post('/own-transaction/906', 'refuse-o-2')
  t.equal(refused.statusCode, 500)
  t.equal(await stored('906'), 0)
})

t.test('a write route that bypasses the mechanism is still audited, and the log says so', async (t) => {
  t.equal((await post('/unaudited/907', 'u-1')).statusCode, 201)
  t.match(await events('u-1'), [{ status: 201 }])
  t.ok(logs.some((l) => l.includes('u-1') && l.includes('should use reply.auditedWrite')))
})

t.test('reads: only child-level routes are audited, after the answer; a request without a client is not', async (t) => {
  t.equal((await app.inject({ method: 'GET', url: '/child/C1', headers: { 'x-request-id': 'read-1' } })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/aggregate', headers: { 'x-request-id': 'read-2' } })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/child/C1', headers: { 'x-request-id': 'read-3', 'x-anonymous': '1' } })).statusCode, 200)
  t.equal((await post('/write/908', 'w-anon', { 'x-anonymous': '1' })).statusCode, 201)
  await writer.drain()
  t.match(await events('read-1'), [{ action: 'read', resource: '/child/:id', resourceId: 'C1', status: 200 }])
  t.same(await events('read-2'), [], 'not a child-level read')
  t.same(await events('read-3'), [], 'no client')
  t.same(await events('w-anon'), [], 'no client, nothing to attribute')
})

t.test('values no URL carries (NUL, lone surrogates, overlong) reach the trail made safe', async (t) => {
  t.equal((await app.inject({ method: 'GET', url: '/odd', headers: { 'x-request-id': 'odd-1' } })).statusCode, 200)
  await writer.drain()
  const [event] = await events('odd-1')
  t.equal(event?.la, null, 'an authority that is not three digits is dropped')
  t.equal(event?.resourceId, `\uFFFDC\uFFFD${'x'.repeat(196)}…`)
})
