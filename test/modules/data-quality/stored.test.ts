// The DfE rules on the stored data (issue #17): GET .../data-quality over the year's export, kept
// fresh after imports (the run counts the findings it made and resolved), per child, and
// acknowledgements that lapse when the values under them change.
import t from 'tap'
import { buildTestApp, eventually, expectProblem, truncateAll } from '../../helper.ts'
import { multipart } from '../../multipart.ts'

const h = await buildTestApp(t)
let key = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  await h.authority('373')
  key = await h.key(['records:write', 'records:read'], ['372'])
})

const csv = (...rows: string[]) => rows.join('\r\n') + '\r\n'
const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB'
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN'
const DECOM = '02/05/2024'

/** Children A1 and A2, each with one episode open since 2 May 2024; A1's placement type as given. */
const importWith = async (place: string) => {
  const { payload, headers } = multipart([
    { name: 'header.csv', content: csv(HEADER, 'A1,M,14/06/2012,WBRI,A123456789012,,', 'A2,F,01/02/2010,WBRI,A123456789013,,') },
    {
      name: 'episodes.csv',
      content: csv(EPISODES, `A1,${DECOM},S,C2,N1,${place},PR1,,,,S60 2TH,S65 1AA,`, `A2,${DECOM},S,C2,N1,U4,PR1,,,,S60 2TH,S65 1AA,`),
    },
  ])
  const res = await h.call(key, { method: 'POST', url: '/v1/authorities/372/imports/ssda903', payload, headers })
  t.equal(res.statusCode, 201, res.body.slice(0, 500))
  return res.json<{ id: string; dataQuality: Array<{ year: number; newFindings: number; resolvedFindings: number; openFindings: number }> | null }>()
}

interface Rule {
  code: string
  rows: number
  children: number
  openRows: number
  openChildren: number
  acknowledged: number
}
interface Finding {
  rule: string
  table: string
  rowIndex: number
  childId: string
  rowKey: string
  values: Record<string, string | null>
  acknowledgement: { reason: string } | null
}
interface Answer {
  rules: Rule[]
  findingCount: number
  openCount: number
  acknowledgedCount: number
  findings: Finding[]
  nextCursor: string | null
}
const dataQuality = async (query = 'year=2025', k = key) => {
  const res = await h.call(k, { method: 'GET', url: `/v1/authorities/372/data-quality?${query}` })
  t.equal(res.statusCode, 200, res.body.slice(0, 500))
  return res.json<Answer>()
}
const rule = (a: Answer, code: string) => a.rules.find((r) => r.code === code) as Rule
const acknowledge = (body: Record<string, unknown>, k = key) =>
  h.call(k, { method: 'POST', url: '/v1/authorities/372/data-quality/acknowledgements', payload: body })
// PR1 (the council's own provision) cannot provide R2: rule 527, a warning the import stores.
const A1_527 = { year: 2025, rule: '527', table: 'Episodes', childId: 'A1', rowKey: DECOM }

/** A run's data-quality counts, once the refresh after it (which the import's answer does not wait for) has recorded them. */
const countsOf = async (runId: string) =>
  eventually(async () => {
    const res = await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${runId}` })
    return res.json<{ dataQuality: Array<{ year: number; newFindings: number; resolvedFindings: number; openFindings: number }> | null }>().dataQuality
  }, 10_000)

t.test('a child breaking a rule is found, at its row of the export; an import that fixes it resolves one finding', async (t) => {
  const first = await importWith('R2')
  // The import is answered before the refresh: its counts come on the run afterwards.
  t.equal(first.dataQuality, null, 'the answer does not wait for the data-quality refresh')
  // Read straight after the answer: it waits for the refresh under way, so it sees the import.
  const before = await dataQuality()
  // 2025-26 is the latest year with a rule set: an import refreshes it, and every year read since.
  t.same(
    (await countsOf(first.id))?.map((d) => d.year),
    [2026],
  )
  t.match(rule(before, '527'), { rows: 1, children: 1, openRows: 1, openChildren: 1, acknowledged: 0 })
  t.match(
    before.findings.filter((f) => f.rule === '527'),
    [{ table: 'Episodes', rowIndex: 0, childId: 'A1', rowKey: DECOM, values: { PLACE: 'R2', PLACE_PROVIDER: 'PR1' }, acknowledgement: null }],
  )
  t.equal(before.openCount, before.findingCount)

  // The same as the validate endpoint on the export's files: the same rows, the same indexes.
  const exported = await h.call(key, { method: 'GET', url: '/v1/authorities/372/exports/ssda903?year=2025' })
  const { payload, headers } = multipart(Object.entries(exported.json<{ files: Record<string, string> }>().files).map(([name, content]) => ({ name, content })))
  const validated = await h.call(key, { method: 'POST', url: '/v1/authorities/372/returns/ssda903/validate?year=2025&limit=50000', payload, headers })
  const rows = (list: Array<{ rule: string; table: string; rowIndex: number; childId: string | null }>) =>
    list.map((f) => `${f.rule} ${f.table} ${f.rowIndex} ${f.childId}`).sort()
  t.same(rows(before.findings), rows(validated.json().findings), 'the findings of the export validated as a file set')

  const fixed = await importWith('U4')
  t.equal(fixed.dataQuality, null)
  // The read straight after the answer is already the fixed data's.
  const after = await dataQuality()
  t.match(rule(after, '527'), { rows: 0, children: 0 })
  t.equal(after.findingCount, before.findingCount - 1)
  // A1's episode is now A2's: only the 527 finding goes, and the run keeps the counts.
  t.same(
    (await countsOf(fixed.id))?.find((d) => d.year === 2025),
    { year: 2025, newFindings: 0, resolvedFindings: 1, openFindings: before.findingCount - 1 },
  )

  // The same import again changes nothing: no refresh, no counts.
  const again = await importWith('U4')
  t.equal(again.dataQuality, null)
  await dataQuality()
  const unchanged = await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${again.id}` })
  t.equal(unchanged.json().dataQuality, null)
})

t.test('an acknowledged finding is shown with who, when and why and is not open; it lapses when its values change', async (t) => {
  await importWith('R2')
  const made = await acknowledge({ ...A1_527, reason: 'Placed with a relative approved by the council: the DfE agreed.' })
  t.equal(made.statusCode, 201, made.body)
  const ack = made.json()
  t.match(ack, { ...A1_527, status: 'active', reason: 'Placed with a relative approved by the council: the DfE agreed.', clientName: /^test / })
  t.match(ack.acknowledgedAt, /^\d{4}-\d\d-\d\dT/)

  const a = await dataQuality()
  t.match(rule(a, '527'), { rows: 1, children: 1, openRows: 0, openChildren: 0, acknowledged: 1 })
  t.equal(a.acknowledgedCount, 1)
  t.equal(a.openCount, a.findingCount - 1)
  t.match(a.findings.find((f) => f.rule === '527')?.acknowledgement, { id: ack.id, reason: /relative/ })

  const child = await h.call(key, { method: 'GET', url: '/v1/authorities/372/data-quality/children/A1?year=2025' })
  t.equal(child.statusCode, 200)
  const mine = child.json<{ findings: Finding[] }>().findings
  t.ok(mine.length > 0 && mine.every((f) => f.childId === 'A1'), "only the child's findings")
  t.match(mine.find((f) => f.rule === '527')?.acknowledgement, { reason: /relative/ })

  // Audited, as a write of its own.
  const event = await eventually(() =>
    h.db
      .selectFrom('audit_events')
      .selectAll()
      .where('resource', '=', '/v1/authorities/:la/data-quality/acknowledgements')
      .where('action', '!=', 'read')
      .executeTakeFirst(),
  )
  t.match(event, { la: '372', status: 201 })

  // R5 breaks the rule too, with other values: the acknowledgement no longer holds.
  await importWith('R5')
  const b = await dataQuality()
  t.match(rule(b, '527'), { rows: 1, openRows: 1, acknowledged: 0 })
  t.equal(b.findings.find((f) => f.rule === '527')?.acknowledgement, null)
  const list = await h.call(key, { method: 'GET', url: '/v1/authorities/372/data-quality/acknowledgements?year=2025' })
  t.match(list.json(), { items: [{ id: ack.id, status: 'lapsed' }], nextCursor: null })

  // Withdrawn, it is gone; a second withdrawal is 404.
  const gone = await h.call(key, { method: 'DELETE', url: `/v1/authorities/372/data-quality/acknowledgements/${ack.id}` })
  t.equal(gone.statusCode, 204)
  expectProblem(t, await h.call(key, { method: 'DELETE', url: `/v1/authorities/372/data-quality/acknowledgements/${ack.id}` }), 404)
  const empty = await h.call(key, { method: 'GET', url: '/v1/authorities/372/data-quality/acknowledgements' })
  t.same(empty.json(), { items: [], nextCursor: null })
})

t.test('findings a page at a time, and as CSV', async (t) => {
  await importWith('R2')
  const all = await dataQuality()
  t.ok(all.findings.length >= 3)
  const first = await dataQuality('year=2025&limit=2')
  t.same(first.findings, all.findings.slice(0, 2))
  t.type(first.nextCursor, 'string')
  const second = await dataQuality(`year=2025&limit=2&cursor=${first.nextCursor}`)
  t.same(second.findings, all.findings.slice(2, 4))
  const only = await dataQuality('year=2025&rule=527')
  t.same(
    only.findings.map((f) => f.rule),
    ['527'],
  )
  const file = await h.call(key, { method: 'GET', url: '/v1/authorities/372/data-quality?year=2025&format=csv&limit=2' })
  t.equal(file.statusCode, 200)
  t.match(file.headers['content-type'], /^text\/csv/)
  t.match(file.headers.link, /cursor=/)
  t.match(file.body, /^rule,table,rowIndex,childId,fields,values,rowKey,acknowledgedAt,acknowledgedReason\r?\n/)
})

t.test('refusals: another authority, a wrong scope, a bad year, a finding not there, a child not stored', async (t) => {
  await importWith('R2')
  const get = (url: string, k = key) => h.call(k, { method: 'GET', url })
  expectProblem(t, await get('/v1/authorities/373/data-quality?year=2025'), 403)
  expectProblem(t, await get('/v1/authorities/373/data-quality/children/A1?year=2025'), 403)
  const everywhere = await h.key(['records:read'], ['*'])
  expectProblem(t, await get('/v1/authorities/999/data-quality?year=2025', everywhere), 404)
  const kpis = await h.key(['kpi:read', 'child:read'], ['372'])
  expectProblem(t, await get('/v1/authorities/372/data-quality?year=2025', kpis), 403)
  const reader = await h.key(['records:read'], ['372'])
  expectProblem(t, await acknowledge({ ...A1_527, reason: 'x' }, reader), 403)
  for (const query of ['', '?year=2023', '?year=2025x', '?year=2025&cursor=bad', '?year=2025&limit=0']) {
    const body = expectProblem(t, await get(`/v1/authorities/372/data-quality${query}`), 400)
    t.match(JSON.stringify(body.errors), /year|cursor|limit/, `${query}: names the field`)
  }
  expectProblem(t, await acknowledge({ ...A1_527, rule: '528', reason: 'x' }), 404)
  const blank = expectProblem(t, await acknowledge({ ...A1_527, reason: '  ' }), 400)
  t.match(blank.errors, [{ pointer: '/reason' }])
  expectProblem(t, await acknowledge({ ...A1_527, reason: 'a\u0000b' }), 400)
  expectProblem(t, await get('/v1/authorities/372/data-quality/children/NOBODY?year=2025'), 404)
  const acks = await h.db.selectFrom('data_quality_acknowledgements').selectAll().execute()
  t.same(acks, [], 'nothing stored')
})

t.test('a change outside an import is seen at the next read (the data version moved)', async (t) => {
  await importWith('R2')
  t.match(rule(await dataQuality(), '527'), { rows: 1 })
  const put = await h.call(key, {
    method: 'PUT',
    url: '/v1/authorities/372/children/A1/episodes',
    payload: {
      episodes: [
        {
          startDate: '2024-05-02',
          reasonNewEpisode: 'S',
          legalStatus: 'C2',
          categoryOfNeed: 'N1',
          placementType: 'U4',
          placementProvider: 'PR1',
          homePostcode: 'S60 2TH',
          placementPostcode: 'S65 1AA',
        },
      ],
    },
  })
  t.equal(put.statusCode, 200, put.body.slice(0, 300))
  t.match(rule(await dataQuality(), '527'), { rows: 0 })
})
