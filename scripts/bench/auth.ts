/**
 * npm run bench:auth — what authentication costs on a child-level read.
 *
 * GET /v1/authorities/372/children/{id} is served three ways on the same database and handler:
 *   off:   the children routes alone (no key check, no audit)
 *   auth:  the real app's key check and scope/authority checks, audit off for this route
 *   full:  the real app as deployed: key check plus the audit row every child-level read writes
 * Each runs under autocannon (loopback only) for a fixed time; the script prints requests/s and the
 * ratios. The bar: auth on keeps at least 85% of the throughput of auth off.
 *
 * Then one write, as deployed: PUT /v1/authorities/372/children/{id}, a new child each request (no
 * two requests wait on one row lock), so the figure is the cost of a write with its audit event.
 */
import autocannon, { type Request } from 'autocannon'
import Fastify, { type FastifyInstance } from 'fastify'
import pino from 'pino'
import { buildApp } from '../../src/app.ts'
import { upsertChildren } from '../../src/db/children-store.ts'
import { fastifyOptions } from '../../src/http/fastify-options.ts'
import { childrenRoutes } from '../../src/modules/children/routes.ts'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import { authPlugin } from '../../src/plugins/auth.ts'
import { errorsPlugin } from '../../src/plugins/errors.ts'
import { benchDatabase } from './db.ts'

const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)
const config = { bodyLimit: 1 << 20, logLevel: 'silent' as const, rateLimitPerMinute: 10_000_000 }

const handle = await benchDatabase(20)
const { db } = handle
await db.insertInto('authorities').values({ la: '372', name: 'Bench', updatedAt: new Date() }).execute()
await upsertChildren(db, '372', [
  { childId: 'C1', sex: 'F', dateOfBirth: '2012-03-04', ethnicity: 'WBRI', upn: null, nhsNumber: null, uasc: false, uascCeasedOn: null },
])
const { key } = await createApiClient(db, { name: 'bench', scopes: ['records:read', 'records:write'], authorities: ['372'] })

/** A write: a new child's header, under a child id no request has used. */
let written = 0
const CHILD = JSON.stringify({ sex: 'F', dateOfBirth: '2012-03-04', ethnicity: 'WBRI' })
const newChild = (request: Request): Request => ({
  ...request,
  method: 'PUT',
  path: `/v1/authorities/372/children/W${++written}`,
  body: CHILD,
  headers: { ...request.headers, 'content-type': 'application/json' },
})

async function run(name: string, app: FastifyInstance, headers: Record<string, string>, write = false) {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const url = `http://127.0.0.1:${port}/v1/authorities/372/children/C1`
  const check = await fetch(url, { headers })
  if (check.status !== 200) throw new Error(`${name}: expected 200, got ${check.status}`)
  const requests = write ? [{ setupRequest: newChild }] : undefined
  // A short warm-up so the JIT and the pool are ready before measuring.
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 2, ...(requests ? { requests } : {}) })
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION, ...(requests ? { requests } : {}) })
  await app.close()
  const rps = result.requests.average
  console.log(`${name.padEnd(5)} ${rps.toFixed(0).padStart(7)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx}`)
  return rps
}

const silent = pino({ level: 'silent' })

const off = Fastify(fastifyOptions(config, silent))
await off.register(errorsPlugin)
await off.register(childrenRoutes(db))

// The same key check the app runs, without the audit plugin (the app itself has no switch to turn
// auditing off).
const authOnly = Fastify(fastifyOptions(config, silent))
await authOnly.register(errorsPlugin)
await authOnly.register(async (v1) => {
  await v1.register(authPlugin(db))
  await v1.register(childrenRoutes(db))
})
const full = await buildApp({ config, db, databaseKind: 'postgres', logger: silent, docsUi: false })

console.log(`GET /v1/authorities/372/children/C1, ${CONNECTIONS} connections, ${DURATION} s each, Node ${process.version}`)
const rOff = await run('off', off, {})
const rAuth = await run('auth', authOnly, { authorization: `Bearer ${key}` })
const rFull = await run('full', full, { authorization: `Bearer ${key}` })
console.log(`auth / off: ${((100 * rAuth) / rOff).toFixed(1)}%   full (auth + audit) / off: ${((100 * rFull) / rOff).toFixed(1)}%`)
const writer = await buildApp({ config, db, databaseKind: 'postgres', logger: silent, docsUi: false })
await run('write', writer, { authorization: `Bearer ${key}` }, true)
await handle.close()
