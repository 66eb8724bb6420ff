import t from 'tap'
import { buildTestApp } from '../helper.ts'

const h = await buildTestApp(t)

t.test('GET /health/live', async (t) => {
  const res = await h.app.inject({ method: 'GET', url: '/health/live' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
})

t.test('GET /health/ready checks the database and says which', async (t) => {
  const res = await h.app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok', database: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite' })
})

t.test('security headers are set', async (t) => {
  const res = await h.app.inject({ method: 'GET', url: '/health/live' })
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.ok(res.headers['strict-transport-security'])
  t.match(res.headers['content-security-policy'], /default-src 'self'/)
  t.equal(res.headers['x-frame-options'], 'SAMEORIGIN')
  // On errors too.
  const missing = await h.app.inject({ method: 'GET', url: '/nowhere' })
  t.equal(missing.headers['x-content-type-options'], 'nosniff')
})
