// The auth plugin alone on a bare Fastify: a route that declares no scope stops the service from
// starting, so no route can be open by accident.
import Fastify from 'fastify'
import t from 'tap'
import { authPlugin, requireScope } from '../../src/plugins/auth.ts'
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
