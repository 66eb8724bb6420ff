// GET .../children/{childId}/ssda903: a child's other 903 tables, for a child:read or records:read key,
// audited like every child-level read.
import t from 'tap'
import { buildTestApp, expectProblem, integration, truncateAll } from '../../helper.ts'

const h = await buildTestApp(t)
let writer = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  writer = await h.key(['records:write'], ['372'])
})

const { child } = integration(h, () => writer)
const url = (childId: string) => `/v1/authorities/372/children/${childId}/ssda903`

t.test('a child with nothing sent has empty tables; an unknown child is a 404', async (t) => {
  await child('C1')
  const reader = await h.key(['child:read'], ['372'])
  const res = await h.call(reader, { method: 'GET', url: url('C1') })
  t.equal(res.statusCode, 200, res.body)
  t.same(res.json(), {
    childId: 'C1',
    mother: null,
    motherChildDateOfBirth: null,
    reviews: [],
    missingEpisodes: [],
    oc2: [],
    oc3: [],
    adoption: null,
    placedForAdoption: [],
    previousPermanence: null,
    socialWorkerEpisodes: [],
  })
  expectProblem(t, await h.call(reader, { method: 'GET', url: url('C2') }), 404)
})

t.test('the tables an import stored, for child:read and records:read; not for a partner key; every read audited', async (t) => {
  const snapshot = {
    children: [
      {
        childId: 'C1',
        sex: 'F',
        dateOfBirth: '2008-06-14',
        ethnicity: 'WBRI',
        episodes: [],
        mother: true,
        motherChildDateOfBirth: '2024-02-01',
        reviews: [{ reviewDate: '2023-06-01', reviewCode: 'PN1' }],
      },
    ],
  }
  t.equal((await h.call(writer, { method: 'POST', url: '/v1/authorities/372/imports', payload: snapshot })).statusCode, 201)
  for (const scope of ['child:read', 'records:read'] as const) {
    const reader = await h.key([scope], ['372'])
    t.match((await h.call(reader, { method: 'GET', url: url('C1') })).json(), {
      mother: true,
      motherChildDateOfBirth: '2024-02-01',
      reviews: [{ reviewDate: '2023-06-01', reviewCode: 'PN1' }],
    })
  }
  const nurse = await h.key(['health:write'], ['372'])
  expectProblem(t, await h.call(nurse, { method: 'GET', url: url('C1') }), 403)
  await h.app.flushAudit()
  const reads = await h.db.selectFrom('audit_events').select('status').where('action', '=', 'read').where('resourceId', '=', 'C1').orderBy('id').execute()
  t.same(
    reads.map((r) => r.status),
    [200, 200, 403],
  )
})

t.test('a deleted child takes its rows; the tables refuse what they cannot hold', async (t) => {
  await child('C1')
  await h.db.insertInto('looked_after_reviews').values({ la: '372', childId: 'C1', seq: 1, reviewDate: '2024-01-02', reviewCode: 'PN1' }).execute()
  await h.db.insertInto('oc2_facts').values({ la: '372', childId: 'C1', source: 'integration', sdqScore: 12 }).execute()
  t.equal((await h.call(writer, { method: 'DELETE', url: '/v1/authorities/372/children/C1' })).statusCode, 204)
  t.same(await h.db.selectFrom('looked_after_reviews').selectAll().execute(), [])
  t.same(await h.db.selectFrom('oc2_facts').selectAll().execute(), [])

  const code = async (write: () => Promise<unknown>) => {
    try {
      await write()
      return 'written'
    } catch (err) {
      return (err as { code?: string }).code
    }
  }
  t.equal(
    await code(() =>
      h.db.insertInto('looked_after_reviews').values({ la: '372', childId: 'NOBODY', seq: 1, reviewDate: '2024-01-02', reviewCode: 'PN1' }).execute(),
    ),
    '23503',
    'a row must name a child of its authority',
  )
  await child('C2')
  t.equal(
    await code(() =>
      h.db
        .insertInto('missing_episodes')
        .values({ la: '372', childId: 'C2', seq: 1, missingType: 'M', startDate: '2024-02-02', endDate: '2024-02-01' })
        .execute(),
    ),
    '23514',
    'no end before its start',
  )
  t.equal(
    await code(() => h.db.insertInto('oc2_facts').values({ la: '372', childId: 'C2', source: 'integration', sdqScore: 41 }).execute()),
    '23514',
    'an SDQ score is 0-40',
  )
})
