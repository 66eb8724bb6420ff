import t from 'tap'
import { ep } from '../../domain/care-history/fixtures.ts'
import { buildTestApp, expectProblem, integration, truncateAll } from '../../helper.ts'
import { multipart } from '../../multipart.ts'

// OC2 from its real sources (issue #16): convictions from the youth justice service, substance misuse
// from the health trust, each through the partner engine; read per child; filled into the 903 export.
const h = await buildTestApp(t)
let writer = ''
let reader = ''
let youthJustice = ''
let health = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  writer = await h.key(['records:write'], ['372'])
  reader = await h.key(['records:read', 'child:read'], ['372'])
  youthJustice = await h.key(['youth-justice:write'], ['372'])
  health = await h.key(['health:write'], ['372'])
})

const { child, episodes } = integration(h, () => writer)

/** Three children in care since 2023, so in the OC2 cohort of 2024-25: aged 12, 8 and 15 on 31 March 2025. */
async function children() {
  const setUp: Array<[string, string, string]> = [
    ['C1', '2012-06-14', '9434765919'],
    ['C2', '2016-09-01', '3982597919'],
    ['C3', '2010-01-05', '9074833780'],
  ]
  for (const [id, dateOfBirth, nhsNumber] of setUp) {
    t.equal((await child(id, { dateOfBirth, nhsNumber })).statusCode, 201)
    t.equal((await episodes(id, [ep('2023-01-10', null, { reasonEnded: null })])).statusCode, 200)
  }
}

const post = (path: string, key: string, payload: unknown) =>
  h.call(key, { method: 'POST', url: `/v1/authorities/372/${path}`, payload: payload as Record<string, unknown> })
const convictions = (payload: unknown, key = youthJustice) => post('youth-justice/convictions', key, payload)
const misuse = (payload: unknown, key = health) => post('health/substance-misuse', key, payload)
const get = (url: string) => h.call(reader, { method: 'GET', url: `/v1/authorities/372/${url}` })

t.test('convictions: posted by the youth justice service, read per child; refused for a bad date, an unknown child, another scope', async (t) => {
  await children()
  const res = await convictions({
    records: [
      { recordId: 'YJ-1', childId: 'C1', convictedOn: '2024-05-01' },
      { recordId: 'YJ-2', nhsNumber: '907 483 3780', convictedOn: '2024-03-01' },
      { recordId: 'YJ-3', childId: 'C1', convictedOn: '2099-01-01' },
      { recordId: 'YJ-4', childId: 'NOBODY', convictedOn: '2024-05-01' },
    ],
  })
  t.equal(res.statusCode, 200, res.body)
  const body = res.json<{ results: Array<{ status: string; errors?: Array<{ pointer: string }> }> }>()
  t.same(
    body.results.map((r) => r.status),
    ['created', 'created', 'rejected', 'rejected'],
  )
  t.match(body.results[2]?.errors, [{ pointer: '/records/2/convictedOn' }], 'the field named')
  t.same((await get('children/C1/convictions')).json(), { childId: 'C1', convictions: [{ recordId: 'YJ-1', convictedOn: '2024-05-01' }] })
  t.same((await get('children/C3/convictions')).json(), { childId: 'C3', convictions: [{ recordId: 'YJ-2', convictedOn: '2024-03-01' }] })
  expectProblem(t, await get('children/NOBODY/convictions'), 404)
  expectProblem(t, await convictions({ recordId: 'YJ-5', childId: 'C1', convictedOn: '2024-05-01' }, health), 403)
  expectProblem(t, await misuse({ recordId: 'SM-1', childId: 'C1', identifiedOn: '2024-05-01' }, youthJustice), 403)
  const missing = expectProblem(t, await convictions({ recordId: 'YJ-6', childId: 'C1' }), 422)
  t.match(JSON.stringify(missing), /convictedOn/, 'the field named')
  t.equal((await h.call(youthJustice, { method: 'DELETE', url: '/v1/authorities/372/youth-justice/convictions/YJ-1' })).statusCode, 204)
  t.same((await get('children/C1/convictions')).json(), { childId: 'C1', convictions: [] })
})

t.test('substance misuse: posted by the health trust; an intervention before the problem was identified is refused, naming the field', async (t) => {
  await children()
  const bad = expectProblem(t, await misuse({ recordId: 'SM-1', childId: 'C1', identifiedOn: '2024-06-01', interventionReceivedOn: '2024-05-01' }), 422)
  t.match(JSON.stringify(bad), /interventionReceivedOn/)
  const ok = await misuse({ recordId: 'SM-1', childId: 'C1', identifiedOn: '2024-06-01', interventionRefusedOn: '2024-06-10' })
  t.equal(ok.statusCode, 200, ok.body)
  // Posted again as it goes on: the intervention received later.
  const again = await misuse({
    recordId: 'SM-1',
    childId: 'C1',
    identifiedOn: '2024-06-01',
    interventionRefusedOn: '2024-06-10',
    interventionReceivedOn: '2024-08-01',
  })
  t.match(again.json(), { summary: { updated: 1 } })
  t.same((await get('children/C1/substance-misuse')).json(), {
    childId: 'C1',
    records: [{ recordId: 'SM-1', identifiedOn: '2024-06-01', interventionReceivedOn: '2024-08-01', interventionRefusedOn: '2024-06-10' }],
  })
})

const oc2Rows = async (year = 2025) => {
  const res = await get(`exports/ssda903?year=${year}&file=oc2.csv`)
  t.equal(res.statusCode, 200, res.body)
  return res.body.split('\r\n').slice(1, -1)
}

t.test("the year's OC2: blank before a service posts, then 1 for an event in the year and 0 for none, interventions as the rules allow", async (t) => {
  await children()
  // CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
  t.same(await oc2Rows(), ['C1,14/06/2012,,,,,0,0,0,,,', 'C2,01/09/2016,,,,,0,0,0,,,', 'C3,05/01/2010,,,,,0,0,0,,,'], 'no service has posted: blank')

  t.equal((await convictions({ records: [{ recordId: 'YJ-1', childId: 'C3', convictedOn: '2024-03-01' }] })).statusCode, 200)
  t.same(
    await oc2Rows(),
    ['C1,14/06/2012,,,0,,0,0,0,,,', 'C2,01/09/2016,,,,,0,0,0,,,', 'C3,05/01/2010,,,0,,0,0,0,,,'],
    'the youth justice service reports: 0 for 10 and over with none in the year (C3 was convicted the year before), blank under 10',
  )

  const posted = await convictions({
    records: [
      { recordId: 'YJ-2', childId: 'C1', convictedOn: '2024-05-01' },
      { recordId: 'YJ-3', childId: 'C2', convictedOn: '2025-01-01' },
    ],
  })
  t.equal(posted.statusCode, 200, posted.body)
  const trust = await misuse({
    records: [
      { recordId: 'SM-1', childId: 'C1', identifiedOn: '2024-06-01', interventionReceivedOn: '2024-07-01' },
      { recordId: 'SM-2', childId: 'C3', identifiedOn: '2024-10-01', interventionRefusedOn: '2024-10-15' },
      // Identified before the year: not this year's problem.
      { recordId: 'SM-3', childId: 'C2', identifiedOn: '2024-03-31', interventionReceivedOn: '2024-04-02' },
    ],
  })
  t.equal(trust.statusCode, 200, trust.body)
  t.same(await oc2Rows(), ['C1,14/06/2012,,,1,,0,0,0,1,1,', 'C2,01/09/2016,,,,,0,0,0,0,,', 'C3,05/01/2010,,,0,,0,0,0,1,0,1'])
  // 2023-24: C3's conviction of 1 March 2024 is in that year, C1's and C3's later records are not; C2's
  // problem is, but its intervention came after 31 March 2024 and none was refused.
  t.same(await oc2Rows(2024), ['C1,14/06/2012,,,0,,0,0,0,0,,', 'C2,01/09/2016,,,,,0,0,0,1,0,0', 'C3,05/01/2010,,,1,,0,0,0,0,,'])

  const xml = await get('exports/ssda903?year=2025&format=xml')
  t.equal(xml.statusCode, 200)
  t.match(
    xml.body,
    /<CHILDID>C3<\/CHILDID>[\s\S]*<CONVICTED>0<\/CONVICTED>[\s\S]*<SUBSTANCE_MISUSE>1<\/SUBSTANCE_MISUSE><INTERVENTION_RECEIVED>0<\/INTERVENTION_RECEIVED><INTERVENTION_OFFERED>1<\/INTERVENTION_OFFERED>/,
  )
})

t.test("an export re-imported leaves the stored data unchanged, the services' records and the OC2 they give included (CSV and XML)", async (t) => {
  await h.authority('373')
  const importer = await h.key(['records:write', 'records:read'], ['372', '373'])
  const exported = (la: string, query: string) => h.call(importer, { method: 'GET', url: `/v1/authorities/${la}/exports/ssda903?${query}` })
  const filesOf = async (la: string, query: string) => Object.entries((await exported(la, query)).json<{ files: Record<string, string> }>().files)
  const upload = async (la: string, files: Array<[string, string]>, query = '') => {
    const { payload, headers } = multipart(files.map(([name, content]) => ({ name, content })))
    return h.call(importer, { method: 'POST', url: `/v1/authorities/${la}/imports/ssda903${query}`, payload, headers })
  }
  const postXml = (la: string, xml: string) =>
    h.call(importer, { method: 'POST', url: `/v1/authorities/${la}/imports/ssda903`, payload: xml, headers: { 'content-type': 'application/xml' } })

  await children()
  t.equal((await convictions({ records: [{ recordId: 'YJ-1', childId: 'C1', convictedOn: '2024-05-01' }] })).statusCode, 200)
  const trust = await misuse({
    records: [
      { recordId: 'SM-1', childId: 'C1', identifiedOn: '2024-06-01', interventionReceivedOn: '2024-07-01' },
      { recordId: 'SM-2', childId: 'C3', identifiedOn: '2024-10-01', interventionRefusedOn: '2024-10-15' },
    ],
  })
  t.equal(trust.statusCode, 200, trust.body)
  // The integration's own OC2 row for C2 (an SDQ score, SUBSTANCE_MISUSE blank): the services fill the rest.
  const sent = (await filesOf('372', 'year=2025&history=all')).map(([name, content]): [string, string] =>
    name === 'oc2.csv' ? [name, `${content.split('\r\n')[0]}\r\nC2,01/09/2016,15,,,,1,1,1,,,\r\n`] : [name, content],
  )
  const first = await upload('372', sent, '?year=2025')
  t.equal(first.statusCode, 201, first.body.slice(0, 300))
  t.equal(first.json().changed, true)

  const state = async () => ({
    reads: await Promise.all(
      ['C1', 'C2', 'C3'].flatMap((c) =>
        [`children/${c}/convictions`, `children/${c}/substance-misuse`, `children/${c}/ssda903`].map(async (u) => (await get(u)).json()),
      ),
    ),
    csv: await Promise.all([2024, 2025, 2026].map((year) => filesOf('372', `year=${year}`))),
    xml: (await exported('372', 'year=2025&format=xml')).body,
  })
  const before = await state()
  t.same(await oc2Rows(), ['C1,14/06/2012,,,1,,0,0,0,1,1,', 'C2,01/09/2016,15,,,,1,1,1,0,,', 'C3,05/01/2010,,,0,,0,0,0,1,0,1'])

  const again = await upload('372', await filesOf('372', 'year=2025&history=all'), '?year=2025')
  t.equal(again.json().changed, false, 'the full-history CSV set re-imports unchanged')
  t.equal((await postXml('372', (await exported('372', 'year=2025&history=all&format=xml')).body)).json().changed, false, 'and the XML')
  t.same(await state(), before, "the services' records, the integration's OC2 and every export as they were")

  // The year's return imported into an empty authority carries every OC2 value (as the integration's).
  t.equal((await upload('373', await filesOf('372', 'year=2025'), '?year=2025')).statusCode, 201)
  const oc2Of = async (la: string) => (await exported(la, 'year=2025&file=oc2.csv')).body
  t.equal(await oc2Of('373'), await oc2Of('372'))
  t.equal((await postXml('373', before.xml)).json().changed, false, "the year's XML into it again: unchanged")
})
