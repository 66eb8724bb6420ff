import t from 'tap'
import { ep } from '../../domain/care-history/fixtures.ts'
import { buildTestApp, expectProblem, integration, truncateAll } from '../../helper.ts'

const h = await buildTestApp(t)
let admin = ''
let writer = ''
let dashboard = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  admin = await h.key(['admin'], ['372'])
  writer = await h.key(['records:write'], ['372'])
  dashboard = await h.key(['kpi:read'], ['372'])
})
const { child, episodes } = integration(h, () => writer)
const put = (items: unknown[], key = admin, la = '372') => h.call(key, { method: 'PUT', url: `/v1/authorities/${la}/populations`, payload: { items } })
const rate = async (asAt: string) =>
  (await h.call(dashboard, { method: 'GET', url: `/v1/authorities/372/kpis/children-in-care-rate?asAt=${asAt}` })).json<{
    value: number | null
    denominator: number | null
  }>()

t.test('an administrator sets the estimates by year; they read back as JSON and CSV, oldest first', async (t) => {
  const res = await put([
    { year: 2025, population: 20_000, source: 'ONS mid-2025' },
    { year: 2024, population: 10_000 },
  ])
  t.equal(res.statusCode, 200, res.body)
  const expected = [
    { year: 2024, population: 10_000, source: null },
    { year: 2025, population: 20_000, source: 'ONS mid-2025' },
  ]
  t.same(res.json(), { la: '372', items: expected })
  const read = await h.call(dashboard, { method: 'GET', url: '/v1/authorities/372/populations' })
  t.same(read.json(), { la: '372', items: expected })
  const csv = await h.call(dashboard, { method: 'GET', url: '/v1/authorities/372/populations?format=csv' })
  t.match(csv.headers['content-type'], /^text\/csv/)
  t.equal(csv.body, 'year,population,source\r\n2024,10000,\r\n2025,20000,ONS mid-2025\r\n')

  // A second PUT replaces the list.
  t.same((await put([{ year: 2023, population: 9_000 }])).json<{ items: unknown[] }>().items, [{ year: 2023, population: 9_000, source: null }])
})

t.test('the rate at a date divides by the latest estimate on or before it, else the authority figure', async (t) => {
  t.equal((await child('C1')).statusCode, 201)
  t.equal((await episodes('C1', [ep('2024-01-10', null, { reasonEnded: null })])).statusCode, 200)
  t.equal((await child('C2')).statusCode, 201)
  t.equal((await episodes('C2', [ep('2024-02-10', null, { reasonEnded: null })])).statusCode, 200)
  t.match(await rate('2025-03-31'), { value: null, denominator: null }, 'no population: no rate')

  t.equal(
    (
      await put([
        { year: 2024, population: 10_000 },
        { year: 2025, population: 20_000 },
      ])
    ).statusCode,
    200,
  )
  t.match(await rate('2025-03-31'), { value: 2, denominator: 10_000 }, 'mid-2024 stands on 31 March 2025: 2 per 10,000')
  t.match(await rate('2025-07-31'), { value: 1, denominator: 20_000 }, 'mid-2025 from 30 June 2025')
  t.match(await rate('2024-03-31'), { value: null, denominator: null }, 'before the first estimate, nothing to divide by')

  await h.call(admin, { method: 'PUT', url: '/v1/authorities/372', payload: { name: 'Rotherham', populationUnder18: 40_000 } })
  t.match(await rate('2024-03-31'), { value: 0.5, denominator: 40_000 }, "before the first estimate, the authority's single figure")
})

t.test('refusals: a year twice (422 naming it), no such authority (404), not an administrator (403), a bad year (400)', async (t) => {
  const twice = expectProblem(
    t,
    await put([
      { year: 2024, population: 1 },
      { year: 2024, population: 2 },
    ]),
    422,
  )
  t.same(
    twice.errors?.map((e) => e.pointer),
    ['/items/1/year'],
  )
  const all = await h.key(['admin'], ['*'])
  expectProblem(t, await put([{ year: 2024, population: 1 }], all, '999'), 404)
  expectProblem(t, await put([{ year: 2024, population: 1 }], dashboard), 403)
  const bad = expectProblem(t, await put([{ year: 1900, population: 0 }]), 400)
  t.ok(bad.errors?.some((e) => e.pointer === '/items/0/year'))
  t.same((await h.call(dashboard, { method: 'GET', url: '/v1/authorities/372/populations' })).json(), { la: '372', items: [] }, 'nothing stored')
})
