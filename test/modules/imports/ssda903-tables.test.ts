// Every table of the 903 return is held (issue #16): the CSV set, the XML return and the JSON snapshot
// carry reviews, missing episodes, OC2, AD1, placed for adoption, previous permanence, social worker
// episodes and the header's MOTHER and MC_DOB; a child's rows are replaced by the next snapshot, an
// unchanged one changes nothing, an undo puts them back, the shrink guard counts them, the export
// writes them, and a bad value is a finding, never a 500.
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

type File = { name: string; content: string | Buffer }
const upload = (la: string, files: File[], query = '') => {
  const { payload, headers } = multipart(files)
  return h.call(key, { method: 'POST', url: `/v1/authorities/${la}/imports/ssda903${query}`, payload, headers })
}
const postJson = (la: string, payload: object, query = '') => h.call(key, { method: 'POST', url: `/v1/authorities/${la}/imports${query}`, payload })
const tablesOf = async (la: string, childId: string) => {
  const res = await h.call(key, { method: 'GET', url: `/v1/authorities/${la}/children/${childId}/ssda903` })
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  return res.json<Record<string, unknown>>()
}
const findingsOf = async (la: string, runId: string) =>
  (await h.call(key, { method: 'GET', url: `/v1/authorities/${la}/imports/${runId}/findings` })).json<{
    items: Array<{ table: string; rowNumber: number | null; childId: string | null; rule: string; severity: string; fields: string[] }>
  }>().items

const csv = (...rows: string[]) => rows.join('\r\n') + '\r\n'
const SET: File[] = [
  { name: 'header.csv', content: csv('CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB', 'C1,F,14/06/2008,WBRI,,1,01/02/2024', 'C2,M,01/09/2012,WBRI,,,') },
  {
    name: 'episodes.csv',
    content: csv(
      'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
      'C1,02/05/2023,S,C2,N1,U4,PR1,,,,,,',
      'C2,10/01/2023,S,C2,N1,U4,PR1,,,,,,',
    ),
  },
  { name: 'reviews.csv', content: csv('CHILD,DOB,REVIEW,REVIEW_CODE', 'C1,14/06/2008,01/12/2023,PN2', 'C1,14/06/2008,01/06/2023,pn1') },
  { name: 'missing.csv', content: csv('CHILD,DOB,MISSING,MIS_START,MIS_END', 'C1,14/06/2008,M,01/07/2023,03/07/2023', 'C1,14/06/2008,A,10/08/2023,') },
  {
    name: 'oc2.csv',
    content: csv(
      'CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED',
      'C1,14/06/2008,,SDQ4,0,,1,1,1,1,1,0',
    ),
  },
  {
    name: 'ad1.csv',
    content: csv('CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR', 'C2,01/09/2012,01/02/2024,01/03/2024,1,2,MF,L11'),
  },
  { name: 'placed_for_adoption.csv', content: csv('CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED', 'C2,01/09/2012,01/02/2024,,') },
  { name: 'previous_permanence.csv', content: csv('CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM', 'C1,14/06/2008,P2,,zz/05/2020', 'C2,01/09/2012,Z1,,') },
  {
    name: 'sw_episodes.csv',
    content: csv('CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON', 'C1,14/06/2008,SW123,02/05/2023,01/09/2023,MANAGE', 'C1,14/06/2008,SW456,01/09/2023,,'),
  },
]

const C1 = {
  childId: 'C1',
  mother: true,
  motherChildDateOfBirth: '2024-02-01',
  // In date order, whatever the file's order.
  reviews: [
    { reviewDate: '2023-06-01', reviewCode: 'PN1' },
    { reviewDate: '2023-12-01', reviewCode: 'PN2' },
  ],
  missingEpisodes: [
    { missingType: 'M', startDate: '2023-07-01', endDate: '2023-07-03' },
    { missingType: 'A', startDate: '2023-08-10', endDate: null },
  ],
  oc2: [
    {
      source: 'integration',
      sdqScore: null,
      sdqReason: 'SDQ4',
      convicted: false,
      healthCheck: null,
      immunisations: true,
      teethCheck: true,
      healthAssessment: true,
      substanceMisuse: true,
      interventionReceived: true,
      interventionOffered: false,
    },
  ],
  oc3: [],
  adoption: null,
  placedForAdoption: [],
  previousPermanence: { previousPermanence: 'P2', permanenceLa: null, permanenceDate: '2020-05-31', permanenceDateAsSent: 'ZZ/05/2020' },
  socialWorkerEpisodes: [
    { socialWorkerId: 'SW123', startDate: '2023-05-02', endDate: '2023-09-01', reason: 'MANAGE' },
    { socialWorkerId: 'SW456', startDate: '2023-09-01', endDate: null, reason: null },
  ],
}
const C2 = {
  childId: 'C2',
  mother: null,
  motherChildDateOfBirth: null,
  reviews: [],
  missingEpisodes: [],
  oc2: [],
  oc3: [],
  adoption: {
    dateShouldBePlaced: '2024-02-01',
    dateMatched: '2024-03-01',
    fosterCare: true,
    numberOfAdopters: '2',
    adopterSex: 'MF',
    adopterLegalStatus: 'L11',
  },
  placedForAdoption: [{ datePlaced: '2024-02-01', datePlacedCeased: null, reasonPlacedCeased: null }],
  previousPermanence: { previousPermanence: 'Z1', permanenceLa: null, permanenceDate: null, permanenceDateAsSent: null },
  socialWorkerEpisodes: [],
}

t.test('a CSV set with every table: stored, read back per child, exported, and the export re-imported changes nothing', async (t) => {
  const res = await upload('372', SET)
  t.equal(res.statusCode, 201, res.body.slice(0, 500))
  const run = res.json()
  t.equal(run.errorCount, 0)
  t.match(run.counts, {
    children: { inserted: 2 },
    reviews: { inserted: 2 },
    missingEpisodes: { inserted: 2 },
    oc2: { inserted: 1 },
    adoption: { inserted: 1 },
    placedForAdoption: { inserted: 1 },
    previousPermanence: { inserted: 2 },
    socialWorkerEpisodes: { inserted: 2 },
  })
  t.same(await tablesOf('372', 'C1'), C1)
  t.same(await tablesOf('372', 'C2'), C2)

  const again = (await upload('372', SET)).json()
  t.equal(again.changed, false, 'the same set twice changes nothing')
  t.match(again.counts, { reviews: { unchanged: 2, inserted: 0, deleted: 0 }, children: { unchanged: 2 } })

  const exported = await h.call(key, { method: 'GET', url: '/v1/authorities/372/exports/ssda903?year=2024&history=all' })
  t.equal(exported.statusCode, 200)
  const files = exported.json<{ files: Record<string, string> }>().files
  t.equal(files['header.csv'], csv('CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB', 'C1,F,14/06/2008,WBRI,,1,01/02/2024', 'C2,M,01/09/2012,WBRI,,,'))
  t.equal(files['reviews.csv'], csv('CHILD,DOB,REVIEW,REVIEW_CODE', 'C1,14/06/2008,01/06/2023,PN1', 'C1,14/06/2008,01/12/2023,PN2'))
  t.equal(files['previous_permanence.csv'], csv('CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM', 'C1,14/06/2008,P2,,ZZ/05/2020', 'C2,01/09/2012,Z1,,'))
  t.equal(
    files['oc2.csv'],
    csv(
      'CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED',
      'C1,14/06/2008,,SDQ4,0,,1,1,1,1,1,0',
    ),
  )
  const back = Object.entries(files).map(([name, content]) => ({ name, content }))
  const reimported = (await upload('372', back)).json()
  t.equal(reimported.changed, false, 'the export re-imported changes nothing')
  const elsewhere = await upload('373', back)
  t.equal(elsewhere.statusCode, 201)
  t.same(await tablesOf('373', 'C1'), C1, 'imported elsewhere, the same tables')
  t.same(await tablesOf('373', 'C2'), C2)
})

t.test('the XML return carries the tables it holds', async (t) => {
  const xml =
    '<EXPSSDA903><CHILD><HEADER><CHILDID>X1</CHILDID><UPN/><SEX>F</SEX><DOB>14/06/2008</DOB><ETHNIC>WBRI</ETHNIC><UASC>0</UASC>' +
    '<DATE_INT>01/02/2024</DATE_INT><DATE_MATCH>01/03/2024</DATE_MATCH><FOSTER_CARE>0</FOSTER_CARE><NB_ADOPTR>1</NB_ADOPTR><SEX_ADOPTR>F1</SEX_ADOPTR><LS_ADOPTR>L0</LS_ADOPTR>' +
    '<AREVIEW><REVIEW>01/06/2023</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>' +
    '<AMISSING><MISSING>M</MISSING><MIS_START>01/07/2023</MIS_START><MIS_END>03/07/2023</MIS_END></AMISSING>' +
    '<MOTHER>1</MOTHER><MC_DOB>01/02/2024</MC_DOB><PERMANENCE><PREV_PERM>P1</PREV_PERM><DATE_PERM>12/05/2020</DATE_PERM></PERMANENCE>' +
    '<OC2><SDQ_SCORE>12</SDQ_SCORE><CONVICTED>1</CONVICTED><IMMUNISATIONS>1</IMMUNISATIONS><TEETH_CHECK>0</TEETH_CHECK><HEALTH_ASSESSMENT>1</HEALTH_ASSESSMENT><SUBSTANCE_MISUSE>0</SUBSTANCE_MISUSE></OC2>' +
    '<AD_PLACED><DATE_PLACED>01/02/2024</DATE_PLACED><DATE_PLACED_CEASED>01/03/2024</DATE_PLACED_CEASED><REASON_PLACED_CEASED>RD4</REASON_PLACED_CEASED></AD_PLACED>' +
    '</HEADER><EPISODE><DECOM>02/05/2023</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER></EPISODE></CHILD></EXPSSDA903>'
  const post = () => h.call(key, { method: 'POST', url: '/v1/authorities/372/imports/ssda903', payload: xml, headers: { 'content-type': 'application/xml' } })
  const res = await post()
  t.equal(res.statusCode, 201, res.body.slice(0, 500))
  t.equal(res.json().errorCount, 0)
  t.same(await tablesOf('372', 'X1'), {
    childId: 'X1',
    mother: true,
    motherChildDateOfBirth: '2024-02-01',
    reviews: [{ reviewDate: '2023-06-01', reviewCode: 'PN1' }],
    missingEpisodes: [{ missingType: 'M', startDate: '2023-07-01', endDate: '2023-07-03' }],
    oc2: [
      {
        source: 'integration',
        sdqScore: 12,
        sdqReason: null,
        convicted: true,
        healthCheck: null,
        immunisations: true,
        teethCheck: false,
        healthAssessment: true,
        substanceMisuse: false,
        interventionReceived: null,
        interventionOffered: null,
      },
    ],
    oc3: [],
    adoption: {
      dateShouldBePlaced: '2024-02-01',
      dateMatched: '2024-03-01',
      fosterCare: false,
      numberOfAdopters: '1',
      adopterSex: 'F1',
      adopterLegalStatus: 'L0',
    },
    placedForAdoption: [{ datePlaced: '2024-02-01', datePlacedCeased: '2024-03-01', reasonPlacedCeased: 'RD4' }],
    previousPermanence: { previousPermanence: 'P1', permanenceLa: null, permanenceDate: '2020-05-12', permanenceDateAsSent: null },
    socialWorkerEpisodes: [],
  })
  t.equal((await post()).json().changed, false, 'the same return twice changes nothing')
  const files = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/exports/ssda903?year=2024&history=all' })).json<{
    files: Record<string, string>
  }>().files
  const back = await upload(
    '372',
    Object.entries(files).map(([name, content]) => ({ name, content })),
  )
  t.equal(back.json().changed, false, 'its export re-imported changes nothing')
})

const jsonChild = (over: Record<string, unknown> = {}) => ({
  childId: 'J1',
  sex: 'F',
  dateOfBirth: '2008-06-14',
  ethnicity: 'WBRI',
  episodes: [{ startDate: '2023-05-02', reasonNewEpisode: 'S', legalStatus: 'C2', categoryOfNeed: 'N1', placementType: 'U4', placementProvider: 'PR1' }],
  mother: false,
  reviews: [
    { reviewDate: '2023-06-01', reviewCode: 'PN1' },
    { reviewDate: '2023-12-01', reviewCode: 'PN2' },
  ],
  missingEpisodes: [{ missingType: 'A', startDate: '2023-08-10' }],
  oc2: { sdqScore: 9, convicted: false, substanceMisuse: true, interventionReceived: true, interventionOffered: true },
  adoption: null,
  placedForAdoption: [],
  previousPermanence: { previousPermanence: 'P3', permanenceDate: 'ZZ/ZZ/2019' },
  socialWorkerEpisodes: [{ socialWorkerId: 'XX1', startDate: '2023-05-02' }],
  ...over,
})

t.test('the JSON snapshot carries the tables; the next snapshot replaces a child’s rows, not appends', async (t) => {
  const first = await postJson('372', { children: [jsonChild()] })
  t.equal(first.statusCode, 201, first.body.slice(0, 500))
  t.match(await tablesOf('372', 'J1'), {
    mother: false,
    motherChildDateOfBirth: null,
    reviews: [{ reviewCode: 'PN1' }, { reviewCode: 'PN2' }],
    missingEpisodes: [{ missingType: 'A', startDate: '2023-08-10', endDate: null }],
    oc2: [
      { source: 'integration', sdqScore: 9, convicted: false, substanceMisuse: true, interventionReceived: true, interventionOffered: true, healthCheck: null },
    ],
    previousPermanence: { previousPermanence: 'P3', permanenceDate: '2019-12-31', permanenceDateAsSent: 'ZZ/ZZ/2019' },
    socialWorkerEpisodes: [{ socialWorkerId: 'XX1', startDate: '2023-05-02', endDate: null, reason: null }],
  })
  t.equal((await postJson('372', { children: [jsonChild()] })).json().changed, false, 'the same snapshot twice changes nothing')

  const next = await postJson('372', { children: [jsonChild({ reviews: [{ reviewDate: '2024-01-15', reviewCode: 'PN3' }], oc2: null })] }, '?allowShrink=true')
  t.equal(next.statusCode, 201, next.body.slice(0, 500))
  t.match(next.json().counts, { reviews: { updated: 1, deleted: 1 }, oc2: { deleted: 1 }, missingEpisodes: { unchanged: 1 }, children: { updated: 1 } })
  const after = await tablesOf('372', 'J1')
  t.same(after.reviews, [{ reviewDate: '2024-01-15', reviewCode: 'PN3' }], 'replaced, not appended')
  t.same(after.oc2, [])

  // A child whose tables are left out keeps them.
  const { reviews: _r, oc2: _o, missingEpisodes: _m, ...bare } = jsonChild()
  t.equal((await postJson('372', { children: [{ ...bare, reviews: [{ reviewDate: '2024-01-15', reviewCode: 'PN3' }] }] })).json().changed, false)
  t.same((await tablesOf('372', 'J1')).missingEpisodes, [{ missingType: 'A', startDate: '2023-08-10', endDate: null }])
})

t.test('an undo of an import puts the tables back as they were', async (t) => {
  t.equal((await postJson('372', { children: [jsonChild()] })).statusCode, 201)
  const before = await tablesOf('372', 'J1')
  const run = (
    await postJson(
      '372',
      {
        children: [
          jsonChild({
            mother: true,
            motherChildDateOfBirth: '2024-02-01',
            reviews: [],
            missingEpisodes: [],
            oc2: null,
            previousPermanence: null,
            socialWorkerEpisodes: [],
          }),
        ],
      },
      '?allowShrink=true',
    )
  ).json()
  t.equal(run.changed, true)
  t.match(await tablesOf('372', 'J1'), { mother: true, reviews: [], oc2: [], previousPermanence: null })
  const revert = await h.call(key, { method: 'POST', url: `/v1/authorities/372/imports/${String(run.id)}/revert` })
  t.equal(revert.statusCode, 201, revert.body.slice(0, 300))
  t.same(await tablesOf('372', 'J1'), before)

  // A child the run created goes with its rows.
  const created = (await postJson('372', { children: [jsonChild(), jsonChild({ childId: 'J2' })] })).json()
  t.equal((await h.call(key, { method: 'POST', url: `/v1/authorities/372/imports/${String(created.id)}/revert` })).statusCode, 201)
  expectProblem(t, await h.call(key, { method: 'GET', url: '/v1/authorities/372/children/J2/ssda903' }), 404)
  const left = await h.db.selectFrom('looked_after_reviews').select('childId').where('la', '=', '372').where('childId', '=', 'J2').execute()
  t.same(left, [], "the created child's reviews are gone too")

  // A child the run deleted comes back with its rows.
  t.equal((await postJson('372', { children: [jsonChild(), jsonChild({ childId: 'J2' })] })).statusCode, 201)
  const j2 = await tablesOf('372', 'J2')
  const deleting = (await postJson('372', { children: [jsonChild()] }, '?allowShrink=true')).json()
  t.match(deleting.counts, { children: { deleted: 1 }, reviews: { deleted: 2 }, socialWorkerEpisodes: { deleted: 1 } })
  t.equal((await h.call(key, { method: 'POST', url: `/v1/authorities/372/imports/${String(deleting.id)}/revert` })).statusCode, 201)
  t.same(await tablesOf('372', 'J2'), j2)
})

t.test('the shrink guard counts the tables like the other kinds', async (t) => {
  const many = Array.from({ length: 10 }, (_x, i) => ({ reviewDate: `2023-06-${String(i + 10)}`, reviewCode: 'PN1' }))
  t.equal((await postJson('372', { children: [jsonChild({ reviews: many })] })).statusCode, 201)
  const refused = expectProblem(t, await postJson('372', { children: [jsonChild({ reviews: many.slice(0, 5) })] }), 409)
  t.match(refused, { type: /import-shrink$/, deletes: [{ table: 'reviews', stored: 10, deleting: 5 }], confirmDeletes: 'reviews:5' })
  t.equal((await tablesOf('372', 'J1')).reviews instanceof Array && ((await tablesOf('372', 'J1')).reviews as unknown[]).length, 10, 'nothing applied')
  const confirmed = await postJson('372', { children: [jsonChild({ reviews: many.slice(0, 5) })] }, '?confirmDeletes=reviews:5')
  t.equal(confirmed.statusCode, 201)
  // A child deleted takes its rows: they are counted too.
  await postJson('372', { children: [jsonChild(), jsonChild({ childId: 'J2' })] }, '?allowShrink=true')
  const gone = expectProblem(t, await postJson('372', { children: [jsonChild()] }), 409)
  t.match(gone.deletes, [{ table: 'children' }, { table: 'episodes' }])
  t.ok(
    (gone.deletes as Array<{ table: string }>).some((d) => d.table === 'reviews'),
    JSON.stringify(gone.deletes),
  )
})

t.test('a bad value in a new table is a finding naming the table, row and field, never a 500', async (t) => {
  const bad = SET.map((f) =>
    f.name === 'missing.csv'
      ? { name: f.name, content: csv('CHILD,DOB,MISSING,MIS_START,MIS_END', 'C1,14/06/2008,M,31/02/2023,', 'C2,01/09/2012,A,10/08/2023,01/08/2023') }
      : f.name === 'sw_episodes.csv'
        ? { name: f.name, content: csv('CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON', 'C1,14/06/2008,SW1,01/01/2024,,LAZY') }
        : f,
  )
  const res = await upload('372', bad)
  t.equal(res.statusCode, 201, res.body.slice(0, 500))
  const findings = await findingsOf('372', String(res.json().id))
  t.match(findings, [
    { table: 'Missing', rowNumber: 2, childId: 'C1', rule: '1004', severity: 'error', fields: ['MIS_START', 'startDate'] },
    { table: 'SWEpisodes', rowNumber: 2, childId: 'C1', rule: 'SW13STG1', severity: 'error', fields: ['SW_REASON', 'reason'] },
    { table: 'Missing', rowNumber: 3, childId: 'C2', rule: 'END-BEFORE-START', severity: 'error', fields: ['MIS_END', 'endDate', 'MIS_START', 'startDate'] },
  ])
  t.equal(res.json().counts.children.rejected, 2, 'each child with an error is rejected and keeps what is stored')

  // JSON: a wrong code is the body's 400 naming the field; an end before its start a finding.
  const wrong = await postJson('372', { children: [jsonChild({ reviews: [{ reviewDate: '2023-06-01', reviewCode: 'PN9' }] })] })
  const problem = expectProblem(t, wrong, 400)
  t.ok(
    (problem.errors ?? []).some((e) => e.pointer === '/children/0/reviews/0/reviewCode'),
    JSON.stringify(problem.errors),
  )
  const backwards = await postJson('372', { children: [jsonChild({ placedForAdoption: [{ datePlaced: '2024-03-01', datePlacedCeased: '2024-02-01' }] })] })
  t.equal(backwards.statusCode, 201)
  t.match(await findingsOf('372', String(backwards.json().id)), [
    {
      table: 'PlacedAdoption',
      rowNumber: 1,
      childId: 'J1',
      rule: 'END-BEFORE-START',
      fields: ['DATE_PLACED_CEASED', 'datePlacedCeased', 'DATE_PLACED', 'datePlaced'],
    },
  ])
  const impossible = await postJson('372', { children: [jsonChild({ previousPermanence: { permanenceDate: '31/02/2020' } })] })
  t.equal(impossible.statusCode, 201)
  t.match(await findingsOf('372', String(impossible.json().id)), [{ table: 'PrevPerm', childId: 'J1', rule: '632', fields: ['DATE_PERM', 'permanenceDate'] }])
})

t.test('blank text in the JSON tables is stored as none', async (t) => {
  const res = await postJson('372', {
    children: [
      jsonChild({
        previousPermanence: { previousPermanence: 'P1', permanenceLa: '  ' },
        socialWorkerEpisodes: [{ socialWorkerId: '', startDate: '2023-05-02' }],
      }),
    ],
  })
  t.equal(res.statusCode, 201, res.body.slice(0, 300))
  t.match(await tablesOf('372', 'J1'), {
    previousPermanence: { previousPermanence: 'P1', permanenceLa: null },
    socialWorkerEpisodes: [{ socialWorkerId: null, startDate: '2023-05-02' }],
  })
})

t.test("the JSON manifest counts the children's 903 lists", async (t) => {
  const refused = await postJson('372', { manifest: { counts: { reviews: 3 } }, children: [jsonChild()] })
  const body = expectProblem(t, refused, 422)
  t.match(body.detail, /2 reviews; its manifest says 3/)
  const counted = await postJson('372', {
    manifest: { counts: { reviews: 2, missingEpisodes: 1, socialWorkerEpisodes: 1, placedForAdoption: 0 } },
    children: [jsonChild()],
  })
  t.equal(counted.statusCode, 201, counted.body.slice(0, 300))
})

t.test('OC3 as the return sent it: stored per collection year, read per child, and the year’s export prefers it (issue #16)', async (t) => {
  // L1 left care at 17 (so a care leaver on the 18th birthday, 1 June 2024, in 2024-25); L2 was never
  // looked after here: the council returns an OC3 row for them all the same.
  const set = (oc3: string[]): File[] => [
    { name: 'header.csv', content: csv('CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB', 'L1,F,01/06/2006,WBRI,,0,', 'L2,M,01/09/2005,WBRI,,,') },
    {
      name: 'episodes.csv',
      content: csv(
        'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
        'L1,01/01/2022,S,C2,N1,U4,PR1,01/01/2024,E8,,,,',
      ),
    },
    { name: 'oc3.csv', content: csv('CHILD,DOB,IN_TOUCH,ACTIV,ACCOM', ...oc3) },
  ]
  const first = await upload('372', set(['L1,01/06/2006,YES,F2,U1', 'L2,01/09/2005,NO,0,0']), '?year=2025')
  t.equal(first.statusCode, 201, first.body.slice(0, 300))
  t.match(first.json().counts, { oc3: { inserted: 2 } })
  t.match(await tablesOf('372', 'L1'), { oc3: [{ year: 2025, inTouch: 'YES', activity: 'F2', accommodation: 'U1' }] })

  // The next year's return: 2024-25's rows stay; L2 has no row in 2025-26.
  const next = await upload('372', set(['L1,01/06/2006,REFU,0,0']), '?year=2026')
  t.match(next.json().counts, { oc3: { inserted: 1, unchanged: 2, deleted: 0 } }, 'the 2024-25 rows of L1 and L2 kept')
  t.match(await tablesOf('372', 'L1'), {
    oc3: [
      { year: 2025, inTouch: 'YES' },
      { year: 2026, inTouch: 'REFU' },
    ],
  })
  t.match(await tablesOf('372', 'L2'), { oc3: [{ year: 2025, inTouch: 'NO' }] })
  t.equal((await upload('372', set(['L1,01/06/2006,REFU,0,0']), '?year=2026')).json().changed, false, 'the same year twice changes nothing')

  const files = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/exports/ssda903?year=2025' })).json<{ files: Record<string, string> }>().files
  t.equal(files['oc3.csv'], csv('CHILD,DOB,IN_TOUCH,ACTIV,ACCOM', 'L1,01/06/2006,YES,F2,U1', 'L2,01/09/2005,NO,0,0'), 'the rows sent for 2024-25')
  t.match(files['header.csv'], /\r\nL2,M,01\/09\/2005/, 'and their headers')

  // A bad code is a finding, the child refused (a code valid in no year), never a 500.
  const bad = await upload('372', set(['L1,01/06/2006,MAYBE,0,0']), '?year=2026')
  t.equal(bad.statusCode, 201)
  t.match(await findingsOf('372', bad.json().id), [{ table: 'OC3', rowNumber: 2, childId: 'L1', rule: '131', fields: ['IN_TOUCH', 'inTouch'] }])
  expectProblem(t, await upload('372', set([]), '?year=1800'), 400)
})
