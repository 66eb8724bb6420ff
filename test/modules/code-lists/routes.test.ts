import t from 'tap'
import { buildTestApp, expectProblem } from '../../helper.ts'

const h = await buildTestApp(t)
const key = await h.key(['kpi:read'], ['372'])
const codes = async (url: string) => (await h.call(key, { method: 'GET', url })).json().codes.map((c: { code: string }) => c.code)

t.test('GET /v1/code-lists/placementType follows the collection years', async (t) => {
  const y2024 = await codes('/v1/code-lists/placementType?year=2024')
  const y2025 = await codes('/v1/code-lists/placementType?year=2025')
  const y2026 = await codes('/v1/code-lists/placementType?year=2026')
  t.ok(y2024.includes('H5') && !y2024.includes('K3') && y2024.includes('Z1'), '2023-24: H5, Z1, no K3')
  t.ok(y2025.includes('H5') && y2025.includes('K3'), '2024-25: H5 and K3')
  t.ok(!y2026.includes('H5') && !y2026.includes('P2') && !y2026.includes('Z1') && y2026.includes('Z11'), '2025-26: Z11-Z14, no H5/P2/Z1')
  t.same(await codes('/v1/code-lists/placementType?date=2025-03-31'), y2025, 'a date picks its collection year')
  const all = (await h.call(key, { method: 'GET', url: '/v1/code-lists/placementType' })).json()
  t.equal(all.year, null)
  t.match(
    all.codes.find((c: { code: string }) => c.code === 'H5'),
    { validTo: 2025 },
  )
})

t.test('sex codes move from 1/2 to M/F/U in 2024-25', async (t) => {
  t.same((await codes('/v1/code-lists/sex?year=2024')).sort(), ['1', '2'])
  t.same((await codes('/v1/code-lists/sex?year=2025')).sort(), ['F', 'M', 'U'])
})

t.test('every list, with descriptions; an unknown list is a 404', async (t) => {
  const res = (await h.call(key, { method: 'GET', url: '/v1/code-lists?year=2026' })).json()
  t.ok(res.items.length >= 10)
  t.ok(res.items.every((l: { codes: Array<{ description: string }> }) => l.codes.length > 0 && l.codes.every((c) => c.description.length > 0)))
  expectProblem(t, await h.call(key, { method: 'GET', url: '/v1/code-lists/favouriteColour' }), 404)
})
