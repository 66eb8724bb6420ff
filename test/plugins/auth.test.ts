// The auth plugin alone on a bare Fastify: a route that declares no scope stops the service from
// starting, so no route can be open by accident.
import Fastify from 'fastify'
import t from 'tap'
import { authPlugin, requireScope } from '../../src/plugins/auth.ts'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import { testDatabase } from '../helper.ts'

const { db } = await testDatabase(t)

t.test('a route in the protected scope without a scope is a start-up error', async (t) => {
  const start = async () => {
    const app = Fastify()
    await app.register(async (v1) => {
      await v1.register(authPlugin(db))
      v1.get('/v1/open', async () => ({ open: true }))
    })
    await app.ready()
  }
  await t.rejects(start(), /route GET \/v1\/open declares no scope \(schema\.security\)/)
})

t.test('with its scope declared, the same route starts and needs a key', async (t) => {
  const app = Fastify()
  await app.register(async (v1) => {
    await v1.register(authPlugin(db))
    v1.get('/v1/closed', { schema: { security: requireScope('kpi:read') } }, async () => ({ open: false }))
  })
  await app.ready()
  t.equal((await app.inject({ method: 'GET', url: '/v1/closed' })).statusCode, 401)
  await app.close()
})

/** The plugin over `db` with every query of api_clients counted, and held until `gate` opens when set. */
function countingAuthApp() {
  const seen = { lookups: 0, gate: null as Promise<void> | null }
  const counting = db.withPlugin({
    transformQuery(args) {
      if (JSON.stringify(args.node).includes('"api_clients"')) seen.lookups++
      return args.node
    },
    async transformResult(args) {
      if (seen.gate) await seen.gate
      return args.result
    },
  })
  const app = Fastify()
  // What the clients' routes call on a revocation, decorated in the plugin's scope.
  const forget = { clients: () => {} }
  void app.register(async (v1) => {
    await v1.register(authPlugin(counting))
    forget.clients = () => v1.forgetApiClients()
    v1.get('/v1/closed', { schema: { security: requireScope('kpi:read') } }, async () => ({ open: false }))
  })
  return { app, seen, forget }
}

t.test('requests with the same key that miss the cache together share one lookup', async (t) => {
  const { key } = await createApiClient(db, { name: 'busy dashboard', scopes: ['kpi:read'], authorities: ['*'] })
  const { app, seen } = countingAuthApp()
  await app.ready()
  t.teardown(() => app.close())
  const answers = await Promise.all(
    Array.from({ length: 50 }, () => app.inject({ method: 'GET', url: '/v1/closed', headers: { authorization: `Bearer ${key}` } })),
  )
  t.same(
    answers.map((a) => a.statusCode),
    Array(50).fill(200),
  )
  t.equal(seen.lookups, 1, 'one query for fifty requests')
})

t.test('a lookup sent before a revocation does not put the key back in the cache', async (t) => {
  const { client, key } = await createApiClient(db, { name: 'soon revoked', scopes: ['kpi:read'], authorities: ['*'] })
  const { app, seen, forget } = countingAuthApp()
  await app.ready()
  t.teardown(() => app.close())
  let open = () => {}
  seen.gate = new Promise<void>((resolve) => (open = resolve))
  const before = app.inject({ method: 'GET', url: '/v1/closed', headers: { authorization: `Bearer ${key}` } })
  while (seen.lookups === 0) await new Promise((r) => setTimeout(r, 5))
  // The revocation commits and clears the cache while that lookup's answer (the key valid) is on its
  // way back. (The test's pool has one connection, held by the lookup: the row is updated after it.)
  forget.clients()
  seen.gate = null
  open()
  t.equal((await before).statusCode, 200, 'the request already in flight is answered as its lookup found the key')
  await db.updateTable('api_clients').set({ revokedAt: new Date() }).where('id', '=', client.id).execute()
  const after = await app.inject({ method: 'GET', url: '/v1/closed', headers: { authorization: `Bearer ${key}` } })
  t.equal(after.statusCode, 401, 'the next request asks the database again and finds the key revoked')
  t.equal(seen.lookups, 2)
})
