import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import t from 'tap'
import { replacePostcodes } from '../../../src/db/postcodes.ts'
import { directoryColumns, directoryRow, type DirectoryColumns, type PostcodeRow } from '../../../src/domain/postcodes/onspd.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'
import { buildTestApp, truncateAll } from '../../helper.ts'
import { multipart } from '../../multipart.ts'

/**
 * PL_LA and PL_DISTANCE derived from postcodes through the real import, reads and KPIs. The
 * directory is test/fixtures/onspd-fake.csv (made-up ZY postcodes and grid references); every child
 * lives at ZY1 1AA (Rotherham, 372, at 440000/390000) and is in care on 31 March 2025:
 * A  placed at ZY1 1AB: Rotherham, 5 km away: 3.1 miles, inside
 * B  placed at ZY2 2AA: Sheffield (373), 50 km away: 31.1 miles
 * C  placed at ZY3 3AA: Ashfield, a district of Nottinghamshire (891), 20 km away: 12.4 miles
 * D  placed at ZY8 8AA, which the directory does not hold: unknown
 * E  placed at Z1 1AA: Wales, 246.3 km away: 153.1 miles
 * So placed inside the authority: 1 of the 4 known (25%), 1 unknown; over 20 miles: 2 of 4 (50%).
 */
const h = await buildTestApp(t)
let key = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  key = await h.key(['records:write', 'records:read', 'kpi:read'], ['372'])
})

async function loadFixture(): Promise<number> {
  const records = parse(readFileSync(new URL('../../fixtures/onspd-fake.csv', import.meta.url)), { bom: true }) as string[][]
  const columns = directoryColumns(records[0] ?? []) as DirectoryColumns
  const rows = records.slice(1).flatMap((r) => directoryRow(r, columns) ?? [])
  // Two batches, as the loader sends a large file.
  async function* batches(): AsyncGenerator<PostcodeRow[]> {
    yield rows.slice(0, 3)
    yield rows.slice(3)
  }
  return replacePostcodes(h.db, batches())
}

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n' + ['A', 'B', 'C', 'D', 'E'].map((c) => `${c},F,14/06/2012,WBRI,,,\r\n`).join('')
const PLACED: Record<string, string> = { A: 'ZY1 1AB', B: 'ZY2 2AA', C: 'ZY3 3AA', D: 'ZY8 8AA', E: 'Z1 1AA' }
const EPISODES =
  'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n' +
  Object.entries(PLACED)
    .map(([child, postcode]) => `${child},02/05/2024,S,C2,N1,U4,PR1,,,,ZY1 1AA,${postcode},\r\n`)
    .join('')

const upload = async () => {
  const { payload, headers } = multipart([
    { name: 'header.csv', content: HEADER },
    { name: 'episodes.csv', content: EPISODES },
  ])
  const res = await h.call(key, { method: 'POST', url: '/v1/authorities/372/imports/ssda903', payload, headers })
  if (res.statusCode !== 201) throw new Error(`import: ${res.statusCode} ${res.body}`)
  return res.json<{ id: string; changed: boolean; counts: { episodes: { unchanged: number } } }>()
}
const placement = async (child: string) => {
  const res = await h.call(key, { method: 'GET', url: `/v1/authorities/372/children/${child}/episodes` })
  if (res.statusCode !== 200) throw new Error(`episodes: ${res.statusCode} ${res.body}`)
  const e = res.json<{ items: Array<{ placementLa: string | null; placementDistance: number | null }> }>().items[0]
  return [e?.placementLa, e?.placementDistance]
}
const kpi = async (id: string) => {
  const res = await h.call(key, { method: 'GET', url: `/v1/authorities/372/kpis/${id}?asAt=2025-03-31` })
  t.equal(res.statusCode, 200, res.body)
  return res.json<{ value: number | null; numerator: number; denominator: number | null; details: { unknown: number } }>()
}

t.test('without postcodes loaded, placements stay unknown', async (t) => {
  await upload()
  t.same(await placement('A'), [null, null])
  t.match(await kpi('placed-inside-authority'), { value: null, numerator: 0, denominator: 0, details: { unknown: 5 } })
  t.match(await kpi('placed-over-20-miles'), { value: null, numerator: 0, denominator: 0, details: { unknown: 5 } })
})

t.test('loaded postcodes: the next import derives PL_LA and PL_DISTANCE, the reads and KPIs count them', async (t) => {
  await upload()
  t.equal(await loadFixture(), 8, 'eight postcodes with a grid reference')
  t.same(await placement('A'), [null, null], 'a load alone changes no stored episode: the next import derives')

  const run = await upload()
  t.match(run, { changed: true, counts: { episodes: { unchanged: 5 } } }, 'the episodes as sent are unchanged; what is derived changed')
  t.same(await placement('A'), ['372', 3.1])
  t.same(await placement('B'), ['373', 31.1])
  t.same(await placement('C'), ['891', 12.4], "a shire district's county")
  t.same(await placement('D'), [null, null], 'a postcode the directory does not hold')
  t.same(await placement('E'), ['WAL', 153.1])

  t.match(await kpi('placed-inside-authority'), { value: 25, numerator: 1, denominator: 4, details: { unknown: 1 } })
  t.match(await kpi('placed-over-20-miles'), { value: 50, numerator: 2, denominator: 4, details: { unknown: 1 } })

  t.match(await upload(), { changed: false }, 'the same snapshot again changes nothing')

  // Undoing the run puts back what it replaced: nothing derived.
  const revert = await h.call(key, { method: 'POST', url: `/v1/authorities/372/imports/${run.id}/revert` })
  t.equal(revert.statusCode, 201, revert.body)
  t.same(await placement('B'), [null, null])
})

t.test('a child written on its own is derived at once; what the sender gives wins, field by field', async (t) => {
  await loadFixture()
  const put = (path: string, payload: object) => h.call(key, { method: 'PUT', url: `/v1/authorities/372/children/${path}`, payload })
  t.equal((await put('F', { sex: 'F', dateOfBirth: '2012-06-14', ethnicity: 'WBRI' })).statusCode, 201)
  const episode = { startDate: '2024-05-02', reasonNewEpisode: 'S', legalStatus: 'C2', categoryOfNeed: 'N1', placementType: 'U4', placementProvider: 'PR1' }
  const postcodes = { homePostcode: 'ZY1 1AA', placementPostcode: 'ZY2 2AA' }
  t.equal((await put('F/episodes', { episodes: [{ ...episode, ...postcodes }] })).statusCode, 200)
  t.same(await placement('F'), ['373', 31.1])
  t.equal((await put('F/episodes', { episodes: [{ ...episode, ...postcodes, placementDistance: 40 }] })).statusCode, 200)
  t.same(await placement('F'), ['373', 40], 'the sent distance wins; the authority is still derived')
  t.equal((await put('F/episodes', { episodes: [{ ...episode, ...postcodes, placementLa: '372' }] })).statusCode, 200)
  t.same(await placement('F'), ['372', 31.1])
  t.match(await kpi('placed-inside-authority'), { numerator: 1, denominator: 1 }, 'the KPI counts the sent authority')
})

t.test('a JSON snapshot carrying placementLa or placementDistance: those win over what is derived', async (t) => {
  await loadFixture()
  const postcodes = { homePostcode: 'ZY1 1AA', placementPostcode: 'ZY2 2AA' }
  const children = [
    snapshotChild('G', [snapshotEpisode('2024-05-02', { ...postcodes, placementDistance: 7 })]),
    snapshotChild('H', [snapshotEpisode('2024-05-02', { ...postcodes, placementLa: '372' })]),
    snapshotChild('J', [snapshotEpisode('2024-05-02', postcodes)]),
  ]
  const res = await h.call(key, { method: 'POST', url: '/v1/authorities/372/imports', payload: { children } })
  t.equal(res.statusCode, 201, res.body)
  t.same(await placement('G'), ['373', 7])
  t.same(await placement('H'), ['372', 31.1])
  t.same(await placement('J'), ['373', 31.1])
  t.match(await kpi('placed-over-20-miles'), { numerator: 2, denominator: 3 })
})
