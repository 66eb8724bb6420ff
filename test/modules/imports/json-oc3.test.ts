import t from 'tap'
import { buildTestApp, truncateAll } from '../../helper.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'

// The JSON snapshot carries OC3 as the 903 import does (issue #16): a child's row is the one for the
// import's collection year (?year=), it wins in that year's export, and null removes that year's row only.
const h = await buildTestApp(t)
let key = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  key = await h.key(['records:write', 'records:read'], ['372'])
})

// Left care at 17 (E8) after 4 years: a care leaver of 2024-25 (18th birthday 15 October 2024).
const leaver = (extra: Record<string, unknown> = {}) =>
  snapshotChild('L1', [snapshotEpisode('2020-01-10', { endDate: '2024-06-30', reasonEnded: 'E8' })], { dateOfBirth: '2006-10-15', ...extra })
const run = async (children: unknown[], year: number, query = '') => {
  const res = await h.call(key, { method: 'POST', url: `/v1/authorities/372/imports?year=${year}${query}`, payload: { children } })
  t.equal(res.statusCode, 201, res.body)
  return res.json<{ errorCount: number }>()
}
const stored = () => h.db.selectFrom('oc3_facts').select(['childId', 'year', 'inTouch', 'activity', 'accommodation']).orderBy('year').execute()
const oc3Csv = async (year: number) =>
  (await h.call(key, { method: 'GET', url: `/v1/authorities/372/exports/ssda903?year=${year}&file=oc3.csv` })).body.split('\r\n').slice(1, -1)

t.test("a child's OC3 is stored for the import's year, exported, kept when left out, removed for that year only by null", async (t) => {
  t.match(await run([leaver({ oc3: { inTouch: 'YES', activity: 'F2', accommodation: 'D1' } })], 2025), { errorCount: 0 })
  await run([leaver({ oc3: { inTouch: 'NO', activity: '0', accommodation: '0' } })], 2024)
  t.same(await stored(), [
    { childId: 'L1', year: 2024, inTouch: 'NO', activity: '0', accommodation: '0' },
    { childId: 'L1', year: 2025, inTouch: 'YES', activity: 'F2', accommodation: 'D1' },
  ])
  t.same(await oc3Csv(2025), ['L1,15/10/2006,YES,F2,D1'], 'the sent row, with no contact posted')
  await run([leaver()], 2025)
  t.equal((await stored()).length, 2, 'left out: what is stored stays')
  // One of two stored rows is more than the shrink guard lets go unconfirmed: the refusal names the
  // confirmation, and sending it back (a kind with a digit in its name) lets the import through.
  const refused = await h.call(key, { method: 'POST', url: '/v1/authorities/372/imports?year=2025', payload: { children: [leaver({ oc3: null })] } })
  t.equal(refused.statusCode, 409, refused.body)
  const confirm = refused.json<{ confirmDeletes: string }>().confirmDeletes
  t.equal(confirm, 'oc3:1')
  await run([leaver({ oc3: null })], 2025, `&confirmDeletes=${confirm}`)
  t.same(await stored(), [{ childId: 'L1', year: 2024, inTouch: 'NO', activity: '0', accommodation: '0' }], "null: 2024-25's row gone, 2023-24's kept")
  const bad = await h.call(key, {
    method: 'POST',
    url: '/v1/authorities/372/imports?year=2025',
    payload: { children: [leaver({ oc3: { inTouch: 'MAYBE' } })] },
  })
  t.equal(bad.statusCode, 400)
  t.match(bad.body, /oc3\/inTouch/, 'the field named')
})
