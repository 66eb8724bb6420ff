import { readFileSync, readdirSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { buildTestApp, expectProblem, truncateAll } from '../../helper.ts'
import { multipart } from '../../multipart.ts'

const h = await buildTestApp(t)
let key = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  await h.authority('373')
  key = await h.key(['records:write', 'records:read'], ['372', '373'])
})

const upload = (la: string, files: Array<{ name: string; content: string | Buffer }>, query = '') => {
  const { payload, headers } = multipart(files)
  return h.call(key, { method: 'POST', url: `/v1/authorities/${la}/imports/ssda903${query}`, payload, headers })
}
const count = async (table: 'children' | 'episodes', la = '372') =>
  Number(
    (
      await h.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('la', '=', la)
        .executeTakeFirstOrThrow()
    ).n,
  )

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n'
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n'

t.test('a tidy CSV pair imports; messy formatting is read as a council would expect', async (t) => {
  const header = '\uFEFF' + HEADER + 'A1,F,14/06/2012,wbri,,,\r\n\r\n  A2 , M ,01/02/2010,WBRI,,,\r\n'
  const episodes = EPISODES + 'A1,02/05/2024,S,C1,N1,u6,pr1,,,,s60 2th,S65 1AA,\r\nA2,10/01/2023,S,C2,N1,U4,PR1,01/02/2024,E4A,,S60 2TH,S65 1AA,\r\n'
  const res = await upload('372', [
    { name: 'header.csv', content: header },
    { name: 'Episodes.CSV', content: episodes },
  ])
  t.equal(res.statusCode, 201, res.body)
  t.match(res.json(), { format: 'ssda903-csv', status: 'succeeded', counts: { children: { inserted: 2 }, episodes: { inserted: 2 } }, errorCount: 0 })
  const ep = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/children/A1/episodes' })).json().items[0]
  t.match(ep, { startDate: '2024-05-02', placementType: 'U6', placementProvider: 'PR1', homePostcode: 'S60 2TH' })
})

t.test('a 903 import keeps the NHS number the 903 does not carry', async (t) => {
  await h.call(key, {
    method: 'PUT',
    url: '/v1/authorities/372/children/A1',
    payload: { sex: 'F', dateOfBirth: '2012-06-14', ethnicity: 'WBRI', nhsNumber: '9434765919' },
  })
  const res = await upload('372', [
    { name: 'header.csv', content: HEADER + 'A1,F,14/06/2012,WBRI,,,\r\n' },
    { name: 'episodes.csv', content: EPISODES + 'A1,02/05/2024,S,C1,N1,U6,PR1,,,,,,\r\n' },
  ])
  t.equal(res.statusCode, 201, res.body)
  const child = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/children/A1' })).json()
  t.equal(child.nhsNumber, '9434765919')
})

t.test('gzip: a .gz file and a gzip-encoded body', async (t) => {
  const files = [
    { name: 'header.csv.gz', content: gzipSync(HEADER + 'A1,F,14/06/2012,WBRI,,,\r\n') },
    { name: 'episodes.csv', content: EPISODES + 'A1,02/05/2024,S,C1,N1,U6,PR1,,,,,,\r\n' },
  ]
  t.equal((await upload('372', files)).statusCode, 201)
  const { payload, headers } = multipart(files)
  const res = await h.call(key, {
    method: 'POST',
    url: '/v1/authorities/373/imports/ssda903',
    payload: gzipSync(payload),
    headers: { ...headers, 'content-encoding': 'gzip' },
  })
  t.equal(res.statusCode, 201, res.body)
  t.equal(await count('children', '373'), 1)
})

t.test('an unreadable set fails the run whole, with the findings on record', async (t) => {
  const res = await upload('372', [{ name: 'header.csv', content: 'CHILD,SEX\r\nA1,F\r\n' }])
  const body = expectProblem(t, res, 422)
  const findings = (await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${String(body.runId)}/findings` })).json().items
  t.ok(
    findings.some((f: { rule: string }) => f.rule === 'COLUMN-MISSING'),
    JSON.stringify(findings),
  )
  t.equal(await count('children'), 0)
})

t.test('the XML return imports', async (t) => {
  const xml = readFileSync(new URL('../../fixtures/ssda903/fake_903_sample.xml', import.meta.url))
  const res = await h.call(key, { method: 'POST', url: '/v1/authorities/372/imports/ssda903', payload: xml, headers: { 'content-type': 'application/xml' } })
  t.equal(res.statusCode, 201, res.body)
  const run = res.json()
  t.equal(run.format, 'ssda903-xml')
  t.equal(run.counts.children.inserted + run.counts.children.rejected, 7, 'every child is imported or rejected with a finding')
})

const PUBLIC = new URL('../../fixtures/ssda903-fake/', import.meta.url)
t.test('the public fake 903 files: no 5xx, every bad row a finding, every good row stored', async (t) => {
  const files = readdirSync(PUBLIC)
    .filter((f) => f.endsWith('.csv'))
    .map((name) => ({ name, content: readFileSync(new URL(name, PUBLIC)) }))
  const res = await upload('372', files)
  t.equal(res.statusCode, 201, res.body.slice(0, 500))
  const run = res.json()
  const stored = await count('children')
  t.equal(run.counts.children.inserted, stored)
  t.ok(run.counts.children.rejected > 0 && stored > 0, `stored ${stored}, rejected ${run.counts.children.rejected}`)
  t.equal(
    stored + run.counts.children.rejected,
    2676,
    'every child of the header file is stored or rejected, and so is CHILD10 of sw_episodes.csv, which has no header',
  )
  const errorsByChild = new Set(
    (await h.db.selectFrom('import_findings').select('childId').where('runId', '=', run.id).where('severity', '=', 'error').execute()).map((f) => f.childId),
  )
  const storedIds = (await h.db.selectFrom('children').select('childId').where('la', '=', '372').execute()).map((c) => c.childId)
  t.notOk(
    storedIds.some((id) => errorsByChild.has(id)),
    'no stored child has an error finding',
  )
  // Issue #17: a postcode of another form and a first episode not S are stored with a warning; 2,179
  // children were refused when they (and UPNs, 302 and the X1 joins) were errors.
  t.equal(stored, 1236, 'was 496')
  const warned = await h.db
    .selectFrom('import_findings')
    .select('childId')
    .distinct()
    .where('runId', '=', run.id)
    .where('rule', 'in', ['POSTCODE', '357'])
    .where('childId', 'in', storedIds)
    .execute()
  t.equal(warned.length, 677, 'children refused for a postcode or rule 357 before, stored now')
})

t.test('a row the data model cannot hold still refuses its child, naming the file, line and field', async (t) => {
  const header = HEADER + 'B1,F,14/06/2012,WBRI,,,\r\nB2,M,01/02/2010,WBRI,,,\r\n'
  // B1: a postcode of another form and a first episode not S (stored); B2: an episode ending before it starts.
  const episodes = EPISODES + 'B1,02/05/2024,P,C1,N1,U6,PR1,,,,NOT A CODE,S65 1AA,\r\nB2,10/01/2023,S,C2,N1,U4,PR1,01/01/2023,E4A,,S60 2TH,S65 1AA,\r\n'
  const files = [
    { name: 'header.csv', content: header },
    { name: 'episodes.csv', content: episodes },
  ]
  const strict = expectProblem(t, await upload('372', files, '?strict=true'), 422)
  const refused = (await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${String(strict.runId)}/findings` })).json().items
  t.match(
    refused.filter((f: { severity: string }) => f.severity === 'error'),
    [{ table: 'Episodes', rowNumber: 3, childId: 'B2', rule: '356', fields: ['startDate', 'endDate'] }],
  )
  t.equal(await count('children'), 0, 'strict: nothing applied')

  const res = await upload('372', files)
  t.equal(res.statusCode, 201, res.body)
  t.match(res.json().counts.children, { inserted: 1, rejected: 1 })
  const ids = (await h.db.selectFrom('children').select('childId').execute()).map((c) => c.childId)
  t.same(ids, ['B1'])
  const warnings = (await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${String(res.json().id)}/findings` })).json().items
  t.match(
    warnings.filter((f: { childId: string }) => f.childId === 'B1').map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`),
    ['357:warning', 'POSTCODE:warning'],
  )
})

t.test('export a year, import it elsewhere: the same data', async (t) => {
  const snapshot = {
    children: [
      {
        childId: 'E1',
        sex: 'F',
        dateOfBirth: '2012-06-14',
        ethnicity: 'WBRI',
        upn: 'A123456789012',
        episodes: [
          {
            startDate: '2024-05-02',
            reasonNewEpisode: 'S',
            legalStatus: 'C1',
            categoryOfNeed: 'N1',
            placementType: 'U6',
            placementProvider: 'PR1',
            homePostcode: 'S60 2TH',
            placementPostcode: 'S65 1AA',
            endDate: '2024-08-01',
            reasonEnded: 'X1',
          },
          {
            startDate: '2024-08-01',
            reasonNewEpisode: 'L',
            legalStatus: 'C2',
            categoryOfNeed: 'N1',
            placementType: 'U6',
            placementProvider: 'PR1',
            homePostcode: 'S60 2TH',
            placementPostcode: 'S65 1AA',
          },
        ],
      },
      {
        childId: 'E2',
        sex: 'M',
        dateOfBirth: '2009-01-01',
        ethnicity: 'MWBC',
        uasc: true,
        uascCeasedOn: '2025-01-01',
        episodes: [
          {
            startDate: '2024-06-10',
            reasonNewEpisode: 'S',
            legalStatus: 'V2',
            categoryOfNeed: 'N8',
            placementType: 'K2',
            placementProvider: 'PR4',
            urn: 'SC123456',
            homePostcode: 'S60 2TH',
            placementPostcode: 'S61 3BB',
            endDate: '2025-02-01',
            reasonEnded: 'E13',
          },
        ],
      },
    ],
  }
  t.equal((await h.call(key, { method: 'POST', url: '/v1/authorities/372/imports', payload: snapshot })).statusCode, 201)
  const exported = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/exports/ssda903?year=2025' })).json()
  t.same(Object.keys(exported.files).sort(), [
    'ad1.csv',
    'episodes.csv',
    'header.csv',
    'missing.csv',
    'oc2.csv',
    'oc3.csv',
    'placed_for_adoption.csv',
    'previous_permanence.csv',
    'reviews.csv',
    'sw_episodes.csv',
    'uasc.csv',
  ])
  const one = await h.call(key, { method: 'GET', url: '/v1/authorities/372/exports/ssda903?year=2025&file=episodes.csv' })
  t.match(one.headers['content-type'], /text\/csv/)
  t.match(one.body, /^CHILD,DECOM,RNE/)
  const res = await upload(
    '373',
    Object.entries(exported.files).map(([name, content]) => ({ name, content: content as string })),
  )
  t.equal(res.statusCode, 201, res.body)
  for (const id of ['E1', 'E2']) {
    const a = (await h.call(key, { method: 'GET', url: `/v1/authorities/372/children/${id}/episodes` })).json()
    const b = (await h.call(key, { method: 'GET', url: `/v1/authorities/373/children/${id}/episodes` })).json()
    t.same(b, a, `${id}: same episodes`)
    const ha = (await h.call(key, { method: 'GET', url: `/v1/authorities/372/children/${id}` })).json()
    const hb = (await h.call(key, { method: 'GET', url: `/v1/authorities/373/children/${id}` })).json()
    t.same(hb, ha, `${id}: same header and state`)
  }
})
