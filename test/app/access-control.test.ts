import t from 'tap'
import { SCOPE_NAMES, type Scope } from '../../src/domain/auth/scopes.ts'
import { buildTestApp } from '../helper.ts'

/**
 * Every /v1 route, read from the OpenAPI document so a new route is covered the day it is added:
 * no key, a wrong key, a revoked key, a key without the scope and a key for another authority are
 * each refused before the handler runs, with a problem that says nothing about the data.
 */
const h = await buildTestApp(t)
await h.authority('372')
await h.authority('373')

type Op = { security?: Array<Record<string, string[]>>; parameters?: Array<{ in: string; name: string; schema?: { format?: string } }> }
const doc = h.app.swagger() as unknown as { paths: Record<string, Record<string, Op>> }

const SAMPLE: Record<string, string> = { childId: 'C1', la: '372', kpiId: 'children-in-care', field: 'placementType' }
function sampleUrl(path: string, op: Op, la: string): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (name === 'la') return la
    const p = op.parameters?.find((x) => x.in === 'path' && x.name === name)
    if (p?.schema?.format === 'uuid') return '00000000-0000-4000-8000-000000000000'
    return SAMPLE[name] ?? '1'
  })
}

const routes = Object.entries(doc.paths)
  .filter(([path]) => path.startsWith('/v1'))
  .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })))

const wrongKey = 'cpds_' + 'A'.repeat(43)
const revoked = await h.key([...SCOPE_NAMES])
const revokedId = (await h.db.selectFrom('api_clients').select('id').orderBy('createdAt', 'desc').executeTakeFirstOrThrow()).id
await h.db.updateTable('api_clients').set({ revokedAt: new Date() }).where('id', '=', revokedId).execute()

t.ok(routes.length >= 6, `found ${routes.length} routes`)

for (const { path, method, op } of routes) {
  const accepted = new Set((op.security ?? []).flatMap((s) => s.bearerAuth ?? []))
  const others = SCOPE_NAMES.filter((s) => !accepted.has(s))
  t.test(`${method} ${path}`, async (t) => {
    const url = sampleUrl(path, op, '372')
    const send = (key: string | null, u = url) => h.call(key, { method: method, url: u, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) })
    const expectProblem = async (res: Awaited<ReturnType<typeof send>>, status: number, why: string) => {
      t.equal(res.statusCode, status, why)
      t.match(String(res.headers['content-type']), /problem\+json/, `${why}: problem+json`)
      const { detail, title } = res.json<{ detail?: string; title: string }>()
      t.notMatch(`${title} ${detail ?? ''}`, /\bC1\b|exist|not found/i, `${why}: says nothing about the record`)
    }
    await expectProblem(await send(null), 401, 'no key')
    await expectProblem(await send(wrongKey), 401, 'wrong key')
    await expectProblem(await send('not-a-key'), 401, 'malformed key')
    await expectProblem(await send(revoked), 401, 'revoked key')
    if (others.length > 0) {
      await expectProblem(await send(await h.key(others)), 403, 'key without the scope')
    }
    if (path.includes('{la}')) {
      const elsewhere = await h.key([...accepted] as Scope[], ['373'])
      await expectProblem(await send(elsewhere), 403, 'key for another authority')
    }
  })
}
