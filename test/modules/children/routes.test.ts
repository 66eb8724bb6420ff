import t from 'tap'
import { buildTestApp, expectProblem, integration, truncateAll } from '../../helper.ts'
import { ep, temp } from '../../domain/care-history/fixtures.ts'

const h = await buildTestApp(t)
let writer = ''
let reader = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  await h.authority('373')
  writer = await h.key(['records:write'], ['372'])
  reader = await h.key(['records:read'], ['372'])
})

const { child, episodes } = integration(h, () => writer, { child: { dateOfBirth: '2010-05-01' } })

t.test('PUT child creates (201) then replaces (200), normalising identifiers', async (t) => {
  const created = await child('C1', { nhsNumber: '943 476 5919', upn: 'a123456789012', sex: 'f', ethnicity: 'wbri' })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { childId: 'C1', sex: 'F', ethnicity: 'WBRI', nhsNumber: '9434765919', upn: 'A123456789012', current: { inCare: false } })
  const again = await child('C1', { nhsNumber: '9434765919' })
  t.equal(again.statusCode, 200)
})

t.test('a bad header is a 422 naming each field', async (t) => {
  const res = await child('C1', { nhsNumber: '9434765918', upn: 'I123', ethnicity: 'XXXX', dateOfBirth: '2999-01-01' })
  const body = expectProblem(t, res, 422)
  t.same((body.errors ?? []).map((e) => e.pointer).sort(), ['/dateOfBirth', '/ethnicity', '/nhsNumber', '/upn'])
  t.equal((await h.call(reader, { method: 'GET', url: '/v1/authorities/372/children/C1' })).statusCode, 404, 'nothing stored')
})

t.test('a simple admission and cessation: one period, one placement, not in care now', async (t) => {
  await child('C1')
  const res = await episodes('C1', [ep('2023-04-01', '2024-02-10', { reasonEnded: 'E4A' })])
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(
    body.carePeriods.map((p: { startDate: string; endDate: string; reasonEnded: string }) => [p.startDate, p.endDate, p.reasonEnded]),
    [['2023-04-01', '2024-02-10', 'E4A']],
  )
  t.equal(body.placements.length, 1)
  t.same(body.warnings, [])
  const c = (await h.call(reader, { method: 'GET', url: '/v1/authorities/372/children/C1' })).json()
  t.equal(c.current.inCare, false)
})

t.test('moves, a holiday placement and its return, a legal-status-only change', async (t) => {
  await child('C2')
  const res = await episodes('C2', [
    ep('2023-04-01', '2023-06-01', { legalStatus: 'C1' }),
    // Legal status only: not a move.
    ep('2023-06-01', '2023-08-01', { reasonNewEpisode: 'L', legalStatus: 'C2' }),
    // Holiday with the carer away: temporary, not a move; the return is not a move either.
    temp('2023-08-01', '2023-08-15', 'T2'),
    ep('2023-08-15', '2024-01-10', { reasonNewEpisode: 'P', reasonPlaceChange: 'CREQO' }),
    // A real move to a new carer.
    ep('2024-01-10', null, {
      reasonNewEpisode: 'P',
      placementType: 'U6',
      placementProvider: 'PR4',
      placementPostcode: 'S65 2AB',
      reasonEnded: null,
      placementDistance: null,
      placementLa: '373',
    }),
  ])
  t.equal(res.statusCode, 200, res.body)
  const body = res.json()
  t.equal(body.episodes[4].placementDistance, null, 'a null distance stays null (not coerced to 0)')
  t.equal(body.episodes[4].placementLa, '373')
  t.same(
    body.episodes.map((e: { isMove: boolean }) => e.isMove),
    [true, false, false, false, true],
  )
  t.same(
    body.placements.map((p: { startDate: string; placementType: string; temporaryEpisodes: number }) => [p.startDate, p.placementType, p.temporaryEpisodes]),
    [
      ['2023-04-01', 'U4', 1],
      ['2024-01-10', 'U6', 0],
    ],
  )
  t.equal(body.carePeriods.length, 1)
  const c = (await h.call(reader, { method: 'GET', url: '/v1/authorities/372/children/C2' })).json()
  t.match(c.current, {
    inCare: true,
    legalStatus: 'C2',
    placementType: 'U6',
    placementProvider: 'PR4',
    carePeriodStart: '2023-04-01',
    placementStart: '2024-01-10',
  })
})

t.test('two periods of care, and a child aged out at 18', async (t) => {
  await child('C3', { dateOfBirth: '2005-03-10' })
  const res = await episodes('C3', [
    ep('2019-01-05', '2019-09-01', { reasonEnded: 'E4A' }),
    ep('2021-02-01', '2023-03-10', { reasonEnded: 'E17', placementType: 'U6', placementProvider: 'PR4' }),
  ])
  t.equal(res.statusCode, 200, res.body)
  t.same(
    res.json().carePeriods.map((p: { startDate: string; reasonEnded: string }) => [p.startDate, p.reasonEnded]),
    [
      ['2019-01-05', 'E4A'],
      ['2021-02-01', 'E17'],
    ],
  )
})

t.test('V3 short breaks are stored as short breaks, and the child is not in care', async (t) => {
  await child('C4')
  const res = await episodes('C4', [
    ep('2024-01-05', '2024-01-08', {
      legalStatus: 'V3',
      categoryOfNeed: 'N2',
      reasonEnded: 'E8',
      placementType: 'K2',
      placementProvider: 'PR1',
      urn: 'SC123456',
    }),
    ep('2024-03-01', null, { legalStatus: 'V3', categoryOfNeed: 'N2', reasonEnded: null, placementType: 'K2', placementProvider: 'PR1', urn: 'SC123456' }),
  ])
  t.equal(res.statusCode, 200, res.body)
  t.same(
    res.json().episodes.map((e: { shortBreak: boolean }) => e.shortBreak),
    [true, true],
  )
  t.same(
    res.json().carePeriods.map((p: { shortBreakOnly: boolean }) => p.shortBreakOnly),
    [true, true],
  )
  const c = (await h.call(reader, { method: 'GET', url: '/v1/authorities/372/children/C4' })).json()
  t.equal(c.current.inCare, false)
})

t.test('each history the data model cannot hold is refused with its rule code and field, and nothing is stored', async (t) => {
  await child('C5')
  const good = [ep('2023-04-01', '2023-06-01'), ep('2023-06-01', null, { reasonNewEpisode: 'L', legalStatus: 'C1', reasonEnded: null })]
  t.equal((await episodes('C5', good)).statusCode, 200)
  const cases: Array<[string, unknown[], string, string]> = [
    ['overlap', [ep('2023-04-01', '2023-07-01'), ep('2023-06-01', null, { reasonNewEpisode: 'L', legalStatus: 'C1', reasonEnded: null })], '', '/episodes/'],
    ['end before start', [ep('2023-04-01', '2023-03-01', { reasonEnded: 'E4A' })], '', '/episodes/0/endDate'],
    ['end date without reason', [ep('2023-04-01', '2023-05-01', { reasonEnded: null })], '148', '/episodes/0/'],
    ['a code valid in no year', [ep('2025-06-01', null, { placementType: 'Q9', reasonEnded: null })], '146', '/episodes/0/placementType'],
  ]
  for (const [what, list, rule, pointer] of cases) {
    const res = await episodes('C5', list)
    const body = expectProblem(t, res, 422)
    const errors = body.errors ?? []
    t.ok(
      errors.some((e) => e.pointer.startsWith(pointer) && (rule === '' || e.rule === rule)),
      `${what}: ${JSON.stringify(errors)}`,
    )
    t.ok(Array.isArray(body.findings), `${what}: findings listed`)
  }
  const stored = (await h.call(reader, { method: 'GET', url: '/v1/authorities/372/children/C5/episodes' })).json()
  t.equal(stored.items.length, 2, 'the good history is untouched')
})

t.test('what the data model can hold is stored, with the DfE rule as a warning (issue #17)', async (t) => {
  await child('C8')
  const cases: Array<[string, unknown[], string, string]> = [
    ['first episode not RNE S', [ep('2023-04-01', null, { reasonNewEpisode: 'P', reasonEnded: null })], '357', 'reasonNewEpisode'],
    ['X1 without a continuation', [ep('2023-04-01', '2023-05-01', { reasonEnded: 'X1' })], '388', 'reasonEnded'],
    ['a code of another year', [ep('2025-06-01', null, { placementType: 'H5', reasonEnded: null })], '146', 'placementType'],
    ['a postcode of another form', [ep('2023-04-01', null, { homePostcode: 'NOT A CODE', reasonEnded: null })], 'POSTCODE', 'homePostcode'],
  ]
  for (const [what, list, rule, field] of cases) {
    const res = await episodes('C8', list)
    t.equal(res.statusCode, 200, `${what}: ${res.body}`)
    t.ok(
      res.json().warnings.some((w: { rule: string; fields: string[] }) => w.rule === rule && w.fields.includes(field)),
      `${what}: ${JSON.stringify(res.json().warnings)}`,
    )
  }
  const stored = (await h.call(reader, { method: 'GET', url: '/v1/authorities/372/children/C8/episodes' })).json()
  t.match(stored.items, [{ homePostcode: String }], 'the last list is stored, its postcode with it')
})

t.test('warnings are stored with the episodes and returned', async (t) => {
  await child('C6')
  // A move (RNE P) with no reason for the placement change on the ceasing episode: rule 225.
  const res = await episodes('C6', [
    ep('2023-04-01', '2023-06-01'),
    ep('2023-06-01', null, { reasonNewEpisode: 'P', placementType: 'U6', placementProvider: 'PR4', placementPostcode: 'S65 2AB', reasonEnded: null }),
  ])
  t.equal(res.statusCode, 200, res.body)
  t.ok(res.json().warnings.some((w: { rule: string }) => w.rule === '225'))
})

t.test('episodes for an unknown child: 404', async (t) => {
  expectProblem(t, await episodes('NOPE', [ep('2023-04-01', null, { reasonEnded: null })]), 404)
})

t.test('DELETE removes the child and everything derived', async (t) => {
  await child('C7')
  await episodes('C7', [ep('2023-04-01', null, { reasonEnded: null })])
  const res = await h.call(writer, { method: 'DELETE', url: '/v1/authorities/372/children/C7' })
  t.equal(res.statusCode, 204)
  for (const table of ['episodes', 'care_periods', 'placement_spells'] as const) {
    const n = await h.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    t.equal(Number(n.n), 0, `${table} emptied`)
  }
  expectProblem(t, await h.call(writer, { method: 'DELETE', url: '/v1/authorities/372/children/C7' }), 404)
  const audit = await h.db.selectFrom('audit_events').selectAll().where('action', '=', 'delete').execute()
  t.equal(audit.length, 2, 'both deletes audited')
  t.equal(audit[0]?.resourceId, 'C7')
})

t.test('GET children filters and pages', async (t) => {
  await child('A1', { dateOfBirth: '2020-01-01', uasc: false })
  await child('A2', { dateOfBirth: '2008-01-01', uasc: true })
  await child('A3', { dateOfBirth: '2012-01-01' })
  await episodes('A1', [ep('2023-04-01', null, { reasonEnded: null })])
  await episodes('A2', [ep('2023-04-01', null, { reasonEnded: null, placementType: 'K2', placementProvider: 'PR4', urn: 'SC000001' })])
  await episodes('A3', [ep('2022-04-01', '2023-01-01', { reasonEnded: 'E4A' })])
  const ids = async (q: string) =>
    (await h.call(reader, { method: 'GET', url: `/v1/authorities/372/children?${q}` })).json().items.map((c: { childId: string }) => c.childId)
  t.same(await ids('inCareAt=2024-01-01'), ['A1', 'A2'])
  t.same(await ids('inCareAt=2022-06-01'), ['A3'])
  t.same(await ids('uasc=true'), ['A2'])
  t.same(await ids('inCareAt=2024-01-01&placementType=k2'), ['A2'])
  t.same(await ids('inCareAt=2024-01-01&placementProvider=PR1'), ['A1'])
  t.same(await ids('inCareAt=2024-01-01&ageBand=1-4'), ['A1'])
  t.same(await ids('inCareAt=2024-01-01&ageBand=16-17'), ['A2'], 'born 2008-01-01: 16 on 2024-01-01')
  t.same(await ids('inCareAt=2024-01-01&ageBand=10-15'), [])
  const page1 = (await h.call(reader, { method: 'GET', url: '/v1/authorities/372/children?limit=2' })).json()
  t.same(
    page1.items.map((c: { childId: string }) => c.childId),
    ['A1', 'A2'],
  )
  const page2 = (await h.call(reader, { method: 'GET', url: `/v1/authorities/372/children?limit=2&cursor=${page1.nextCursor}` })).json()
  t.same(
    page2.items.map((c: { childId: string }) => c.childId),
    ['A3'],
  )
  t.equal(page2.nextCursor, null)
})

t.test("another authority's children are invisible, and reads are audited", async (t) => {
  await child('C8')
  const other = await h.key(['records:read', 'records:write'], ['373'])
  await h.call(other, { method: 'PUT', url: '/v1/authorities/373/children/X1', payload: { sex: 'M', dateOfBirth: '2011-01-01', ethnicity: 'WBRI' } })
  const list = (await h.call(other, { method: 'GET', url: '/v1/authorities/373/children' })).json()
  t.same(
    list.items.map((c: { childId: string }) => c.childId),
    ['X1'],
  )
  t.equal((await h.call(other, { method: 'GET', url: '/v1/authorities/372/children/C8' })).statusCode, 403)
  await h.call(reader, { method: 'GET', url: '/v1/authorities/372/children/C8' })
  // A read's audit event is written in the batch after the answer.
  await h.app.flushAudit()
  const reads = await h.db.selectFrom('audit_events').selectAll().where('action', '=', 'read').where('resourceId', '=', 'C8').orderBy('id').execute()
  t.same(
    reads.map((r) => r.status),
    [403, 200],
    'the refused attempt and the read are both on the trail',
  )
})

t.test('a partner key with health:write cannot read episodes', async (t) => {
  await child('C9')
  const nurse = await h.key(['health:write'], ['372'])
  expectProblem(t, await h.call(nurse, { method: 'GET', url: '/v1/authorities/372/children/C9/episodes' }), 403)
})
