import t from 'tap'
import { expectProblem } from '../../helper.ts'
import { packProblems } from '../../domain/board-pack/accessibility.ts'
import { ep, kpiTestApp } from '../kpis/fixtures.ts'

/** GET .../board-pack through the real app: the page, its scope and authority, bad dates, suppression. */
const h = await kpiTestApp(t)
const url = (la: string, q = '?asAt=2026-03-31') => `/v1/authorities/${la}/board-pack${q}`

t.test('the page: HTML, self-contained, accessible, with the figures', async (t) => {
  const la = await h.la('851')
  for (const id of ['A', 'B', 'C', 'D', 'E', 'F']) await h.child(la, id, '2012-01-01', [ep('2025-06-01', null)])
  const res = await h.call(h.reader, { method: 'GET', url: url(la) })
  t.equal(res.statusCode, 200)
  t.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/)
  t.match(String(res.headers['content-security-policy']), /default-src 'none'/)
  t.same(packProblems(res.body), [])
  t.match(res.body, /<a href="#def-children-in-care">Children in care<\/a><\/th><td>6<\/td><td>0<\/td>/)
  t.match(res.body, /Data last imported: <strong>no import has been recorded<\/strong>/)
})

t.test('small numbers are withheld for a key that must not see them', async (t) => {
  const la = await h.la('852')
  for (const id of ['A', 'B']) await h.child(la, id, '2012-01-01', [ep('2025-06-01', null)])
  const careful = await h.key(['kpi:read'], ['*'], { suppressSmallNumbers: true })
  const res = await h.call(careful, { method: 'GET', url: url(la) })
  t.equal(res.statusCode, 200)
  t.match(res.body, /<a href="#def-children-in-care">Children in care<\/a><\/th><td>withheld<\/td>/)
  t.match(res.body, /are withheld to protect children/)
  t.same(packProblems(res.body), [])
})

t.test('scope, authority and date', async (t) => {
  const la = await h.la('853')
  expectProblem(t, await h.call(null, { method: 'GET', url: url(la) }), 401)
  expectProblem(t, await h.call(await h.key(['child:read']), { method: 'GET', url: url(la) }), 403)
  expectProblem(t, await h.call(await h.key(['kpi:read'], ['999']), { method: 'GET', url: url(la) }), 403)
  expectProblem(t, await h.call(h.reader, { method: 'GET', url: url('998') }), 404)
  const bad = expectProblem(t, await h.call(h.reader, { method: 'GET', url: url(la, '?asAt=2026-02-30') }), 400)
  t.match(JSON.stringify(bad), /asAt/)
  const old = expectProblem(t, await h.call(h.reader, { method: 'GET', url: url(la, '?asAt=1990-03-31') }), 400)
  t.equal(old.errors?.[0]?.pointer, '/asAt')
  expectProblem(t, await h.call(h.reader, { method: 'GET', url: url(la, '?asAt=2026-03-31&extra=1') }), 400)
})
