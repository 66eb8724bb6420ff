import { readFile } from 'node:fs/promises'
import t from 'tap'
import { ep } from '../../domain/care-history/fixtures.ts'
import { buildTestApp, expectProblem, integration, truncateAll } from '../../helper.ts'
import { multipart } from '../../multipart.ts'

// The virtual school's returns through the partner engine (issue #19): PEPs, attendance, suspensions
// and exclusions, attainment, each as one record, a JSON batch or a CSV file; and the child's read.
const h = await buildTestApp(t)
let writer = ''
let reader = ''
let nurse = ''
let school = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  writer = await h.key(['records:write'], ['372'])
  reader = await h.key(['child:read'], ['372'])
  nurse = await h.key(['health:write'], ['372'])
  school = await h.key(['education:write'], ['372'])
})

const { child, episodes } = integration(h, () => writer)

/** The children the example files in docs/partner-files name, by UPN. */
async function exampleChildren() {
  const setUp: Array<[string, Record<string, unknown>, unknown[]]> = [
    ['C100234', { dateOfBirth: '2012-03-14', upn: 'A123456789012' }, [ep('2024-01-10', null, { reasonEnded: null })]],
    ['C100302', { dateOfBirth: '2009-01-15', upn: 'B123456789012' }, [ep('2022-02-01', null, { reasonEnded: null })]],
    ['C100240', { dateOfBirth: '2019-05-02', upn: 'C123456789012' }, [ep('2023-06-01', null, { reasonEnded: null })]],
  ]
  for (const [id, body, list] of setUp) {
    t.equal((await child(id, body)).statusCode, 201)
    t.equal((await episodes(id, list)).statusCode, 200)
  }
}

const url = (path: string) => `/v1/authorities/372/education/${path}`
const post = (path: string, payload: unknown, key = school) => h.call(key, { method: 'POST', url: url(path), payload: payload as Record<string, unknown> })
const csv = (path: string, body: string | Buffer, key = school) =>
  h.call(key, { method: 'POST', url: url(path), payload: body, headers: { 'content-type': 'text/csv' } })
const education = (id: string, asAt?: string, key = reader) =>
  h.call(key, { method: 'GET', url: `/v1/authorities/372/children/${id}/education${asAt ? `?asAt=${asAt}` : ''}` })

type Result = {
  index: number
  line?: number
  recordId: string | null
  status: string
  statusCode?: number
  errors?: Array<{ pointer: string; message: string }>
}

const EXAMPLES: Array<[file: string, path: string, rows: number]> = [
  ['education-peps.csv', 'peps', 4],
  ['education-attendance.csv', 'attendance', 4],
  ['education-exclusions.csv', 'exclusions', 3],
  ['education-attainment.csv', 'attainment', 3],
]

t.test('every example file loads with every row created, and again unchanged', async (t) => {
  await exampleChildren()
  for (const [file, path, rows] of EXAMPLES) {
    const text = await readFile(new URL(`../../../docs/partner-files/${file}`, import.meta.url))
    const res = await csv(path, text)
    t.equal(res.statusCode, 200, `${file}: ${res.body}`)
    const body = res.json<{ results: Result[]; summary: Record<string, number> }>()
    t.same(body.summary, { created: rows, updated: 0, unchanged: 0, deleted: 0, rejected: 0 }, `${file}: ${res.body}`)
    t.same(
      body.results.map((r) => r.line),
      Array.from({ length: rows }, (_, i) => i + 2),
      `${file}: each result gives its line`,
    )
    t.equal((await csv(path, text)).json<{ summary: { unchanged: number } }>().summary.unchanged, rows, `${file} again: unchanged`)
    // A multipart upload of the same file is the same records.
    const form = multipart([{ name: file, content: text }])
    const again = await h.call(school, { method: 'POST', url: url(path), ...form })
    t.equal(again.json<{ summary: { unchanged: number } }>().summary.unchanged, rows, `${file} as a form: unchanged`)
  }
  // What the words, dates and numbers became.
  t.same(await h.db.selectFrom('education_peps').select(['recordId', 'childId', 'date', 'status', 'kind', 'quality']).orderBy('recordId').execute(), [
    { recordId: 'VS-PEP-0001', childId: 'C100234', date: '2025-10-14', status: 'completed', kind: 'review', quality: 'good' },
    { recordId: 'VS-PEP-0002', childId: 'C100234', date: '2026-02-03', status: 'completed', kind: 'review', quality: 'requires_improvement' },
    { recordId: 'VS-PEP-0003', childId: 'C100302', date: '2025-11-20', status: 'draft', kind: null, quality: null },
    { recordId: 'VS-PEP-0004', childId: 'C100240', date: '2025-10-01', status: 'completed', kind: 'initial', quality: 'outstanding' },
  ])
  t.match(await h.db.selectFrom('education_attendance').selectAll().orderBy('recordId').execute(), [
    {
      recordId: 'VS-ATT-0001',
      academicYear: 2024,
      term: 'autumn',
      possibleSessions: 142,
      attendedSessions: 131,
      authorisedAbsences: 8,
      unauthorisedAbsences: 3,
    },
    { recordId: 'VS-ATT-0002', term: 'spring' },
    { recordId: 'VS-ATT-0003', childId: 'C100302' },
    { recordId: 'VS-ATT-0004', academicYear: 2024, term: 'summer', unauthorisedAbsences: null },
  ])
  t.same(await h.db.selectFrom('education_exclusions').select(['recordId', 'kind', 'startDate', 'days']).orderBy('recordId').execute(), [
    { recordId: 'VS-PEX-0001', kind: 'permanent_exclusion', startDate: '2025-06-02', days: null },
    { recordId: 'VS-SUS-0001', kind: 'suspension', startDate: '2025-03-04', days: 2.5 },
    { recordId: 'VS-SUS-0002', kind: 'suspension', startDate: '2025-05-12', days: 1 },
  ])
  t.match(await h.db.selectFrom('education_attainment').selectAll().orderBy('recordId').execute(), [
    { recordId: 'VS-EYFS-0001', keyStage: 'eyfs', academicYear: 2023, goodLevelOfDevelopment: true, readingExpected: null },
    { recordId: 'VS-KS2-0001', keyStage: 'ks2', readingExpected: true, writingExpected: false, mathsExpected: true, attainment8: null },
    { recordId: 'VS-KS4-0001', keyStage: 'ks4', attainment8: 34.5, englishMathsGrade4: false, goodLevelOfDevelopment: null },
  ])
})

t.test('the JSON form: one record or a batch, updated by its record id, purged, deleted', async (t) => {
  await exampleChildren()
  const pep = { recordId: 'P-1', upn: 'A123456789012', date: '2025-10-14', status: 'completed', kind: 'review' }
  t.same((await post('peps', pep)).json().results, [{ index: 0, recordId: 'P-1', status: 'created' }])
  t.same((await post('peps', { records: [{ ...pep, upn: null, childId: 'C100234' }] })).json().results[0].status, 'unchanged', 'the same child by its id')
  t.same((await post('peps', { ...pep, quality: 'good' })).json().results[0].status, 'updated')
  t.equal((await h.db.selectFrom('education_peps').select('quality').executeTakeFirstOrThrow()).quality, 'good')

  const batch = await post('exclusions', {
    records: [
      { recordId: 'S-1', upn: 'A123456789012', kind: 'suspension', startDate: '2025-03-04', days: 2.5 },
      { recordId: 'S-2', upn: 'A123456789012', kind: 'suspension', startDate: '2025-03-10' },
      { recordId: 'X-1', upn: 'B123456789012', kind: 'permanent_exclusion', startDate: '2025-06-02' },
    ],
  })
  t.equal(batch.statusCode, 200)
  t.match(batch.json().results, [
    { recordId: 'S-1', status: 'created' },
    { recordId: 'S-2', status: 'rejected', statusCode: 422, errors: [{ pointer: '/records/1/days', message: 'is required on a suspension' }] },
    { recordId: 'X-1', status: 'created' },
  ])

  t.same((await post('exclusions', { recordId: 'S-1', purge: true })).json().results, [{ index: 0, recordId: 'S-1', status: 'deleted' }])
  t.equal((await post('exclusions', { recordId: 'S-1', purge: true })).json().results[0].status, 'unchanged', 'purging what is not held')
  for (const [path, id] of [
    ['peps', 'P-1'],
    ['exclusions', 'X-1'],
  ]) {
    t.equal((await h.call(school, { method: 'DELETE', url: url(`${path}/${id}`) })).statusCode, 204, `DELETE ${path}`)
    expectProblem(t, await h.call(school, { method: 'DELETE', url: url(`${path}/${id}`) }), 404)
  }
  t.equal((await h.db.selectFrom('education_exclusions').selectAll().execute()).length, 0)
})

t.test('each record refused with its field named (422), never a 500', async (t) => {
  await exampleChildren()
  const cases: Array<[path: string, record: Record<string, unknown>, pointer: string]> = [
    ['peps', { recordId: 'P-9', upn: 'A123456789012', date: '2099-01-01', status: 'completed' }, '/date'],
    ['peps', { recordId: 'P-9', upn: 'A123456789012', date: '2025-01-01', status: 'draft', quality: 'good' }, '/quality'],
    ['peps', { recordId: 'P-9', upn: 'A123456789012', date: '2025-01-01', status: 'finished' }, '/status'],
    [
      'attendance',
      { recordId: 'A-9', upn: 'A123456789012', academicYear: '2024/25', term: 'autumn', possibleSessions: 100, attendedSessions: 101 },
      '/attendedSessions',
    ],
    [
      'attendance',
      { recordId: 'A-9', upn: 'A123456789012', academicYear: '2024/26', term: 'autumn', possibleSessions: 100, attendedSessions: 90 },
      '/academicYear',
    ],
    ['attendance', { recordId: 'A-9', upn: 'A123456789012', academicYear: '2090/91', term: 'autumn', possibleSessions: 100, attendedSessions: 90 }, '/term'],
    ['attendance', { recordId: 'A-9', upn: 'A123456789012', academicYear: '2024/25', term: 'winter', possibleSessions: 100, attendedSessions: 90 }, '/term'],
    ['exclusions', { recordId: 'S-9', upn: 'A123456789012', kind: 'suspension', startDate: '2025-03-04', days: 46 }, '/days'],
    ['exclusions', { recordId: 'S-9', upn: 'A123456789012', kind: 'suspension', startDate: '2025-03-04', days: 1.3 }, '/days'],
    [
      'attainment',
      { recordId: 'K-9', upn: 'A123456789012', academicYear: '2022/23', keyStage: 'ks2', readingExpected: true, writingExpected: true },
      '/mathsExpected',
    ],
    [
      'attainment',
      { recordId: 'K-9', upn: 'B123456789012', academicYear: '2024/25', keyStage: 'ks4', attainment8: 91, englishMathsGrade4: true },
      '/attainment8',
    ],
    [
      'attainment',
      { recordId: 'K-9', upn: 'B123456789012', academicYear: '2024/25', keyStage: 'ks4', attainment8: 40, englishMathsGrade4: true, readingExpected: true },
      '/readingExpected',
    ],
    ['attainment', { recordId: 'K-9', upn: 'Z999999999999', academicYear: '2024/25', keyStage: 'eyfs', goodLevelOfDevelopment: true }, '/upn'],
  ]
  for (const [path, record, pointer] of cases) {
    const res = await post(path, record)
    const problem = expectProblem(t, res, 422)
    t.ok(
      problem.errors?.some((e) => e.pointer === pointer),
      `${path} ${JSON.stringify(record)}: ${pointer} in ${JSON.stringify(problem.errors)}`,
    )
  }
  for (const table of ['education_peps', 'education_attendance', 'education_exclusions', 'education_attainment'] as const) {
    t.equal((await h.db.selectFrom(table).select('recordId').execute()).length, 0, `${table}: nothing stored`)
  }
  // Out of year group: stored, with a warning.
  const late = await post('attainment', {
    recordId: 'K-1',
    upn: 'A123456789012',
    academicYear: '2023/24',
    keyStage: 'ks2',
    readingExpected: true,
    writingExpected: true,
    mathsExpected: true,
  })
  t.match(late.json().results, [{ status: 'created', warnings: [{ pointer: '/keyStage' }] }])
})

t.test('scopes: only education:write posts; the health trust is refused (403); the read takes child:read', async (t) => {
  await exampleChildren()
  const pep = { recordId: 'P-1', upn: 'A123456789012', date: '2025-10-14', status: 'completed' }
  expectProblem(t, await post('peps', pep, nurse), 403)
  expectProblem(t, await post('attendance', { ...pep, academicYear: '2024/25' }, nurse), 403)
  expectProblem(t, await csv('exclusions', 'recordId,upn,kind,startDate,days\nS-1,A123456789012,suspension,2025-03-04,1\n', nurse), 403)
  expectProblem(t, await h.call(nurse, { method: 'DELETE', url: url('attainment/K-1') }), 403)
  expectProblem(t, await education('C100234', undefined, school), 403)
  expectProblem(t, await education('C100234', undefined, nurse), 403)
  t.equal((await education('C100234')).statusCode, 200)
  expectProblem(t, await education('NOBODY'), 404)
})

t.test('every write is audited, one event a request; a write moves the education version only', async (t) => {
  await exampleChildren()
  const versions = () =>
    h.db
      .selectFrom('authorities')
      .select(['dataVersion', 'educationVersion', 'healthVersion', 'careHistoryVersion'])
      .where('la', '=', '372')
      .executeTakeFirstOrThrow()
  const before = await versions()
  await post('peps', { recordId: 'P-1', upn: 'A123456789012', date: '2025-10-14', status: 'completed' })
  const after = await versions()
  t.not(after.educationVersion, before.educationVersion)
  t.equal(after.educationVersion, after.dataVersion)
  t.equal(after.healthVersion, before.healthVersion, 'health did not change')
  t.equal(after.careHistoryVersion, before.careHistoryVersion, 'care history did not change')
  await post('peps', { recordId: 'P-1', upn: 'A123456789012', date: '2025-10-14', status: 'completed' })
  t.equal((await versions()).dataVersion, after.dataVersion, 'an unchanged post changes nothing')
  await csv('attendance', 'recordId,upn,academicYear,term,possibleSessions,attendedSessions\nA-1,A123456789012,2024/25,autumn,140,120\n')
  await post('exclusions', { recordId: 'S-1', upn: 'A123456789012', kind: 'suspension', startDate: '2025-03-04', days: 1 }, nurse)
  await h.app.flushAudit()
  const events = await h.db
    .selectFrom('audit_events')
    .select(['action', 'resource', 'status'])
    .where('resource', 'like', '/v1/authorities/:la/education/%')
    .orderBy('at')
    .orderBy('id')
    .execute()
  t.same(events, [
    { action: 'post', resource: '/v1/authorities/:la/education/peps', status: 200 },
    { action: 'post', resource: '/v1/authorities/:la/education/peps', status: 200 },
    { action: 'post', resource: '/v1/authorities/:la/education/attendance', status: 200 },
    { action: 'post', resource: '/v1/authorities/:la/education/exclusions', status: 403 },
  ])
})

t.test("the child's education: PEP due and last, attendance this school year, suspensions, results", async (t) => {
  await exampleChildren()
  for (const [file, path] of EXAMPLES)
    t.equal((await csv(path, await readFile(new URL(`../../../docs/partner-files/${file}`, import.meta.url)))).statusCode, 200)

  const spring = await education('C100234', '2025-03-20')
  t.equal(spring.statusCode, 200, spring.body)
  t.match(spring.json(), {
    childId: 'C100234',
    asAt: '2025-03-20',
    schoolYear: { academicYear: '2024/25', curriculumYear: 8 },
    // In care since 10 January 2024 with no PEP on record by then: 20 working days from the start, long past.
    pep: { inCare: true, schoolAge: true, careStart: '2024-01-10', lastCompleted: null, completedThisTerm: false, dueBy: '2024-02-07', overdue: true },
    attendance: {
      academicYear: '2024/25',
      terms: [
        { term: 'autumn', possibleSessions: 142, attendedSessions: 131, rate: 0.9225 },
        { term: 'spring', possibleSessions: 118, attendedSessions: 99, rate: 0.839 },
      ],
      possibleSessions: 260,
      attendedSessions: 230,
      rate: 0.8846,
      persistentlyAbsent: true,
    },
    exclusions: { academicYear: '2024/25', suspensions: 1, daysLost: 2.5, permanentExclusions: 0 },
  })
  t.same(
    spring.json().results.map((r: { recordId: string; academicYear: string }) => [r.recordId, r.academicYear]),
    [['VS-KS2-0001', '2022/23']],
  )

  // In the autumn term of 2025/26, after the PEP of 14 October: due by the end of the spring term.
  t.match((await education('C100234', '2025-11-01')).json(), {
    schoolYear: { academicYear: '2025/26', curriculumYear: 9 },
    pep: { lastCompleted: '2025-10-14', completedThisTerm: true, dueBy: '2026-03-31', overdue: false },
    attendance: { academicYear: '2025/26', terms: [], possibleSessions: 0, rate: null, persistentlyAbsent: null },
    exclusions: { suspensions: 0, daysLost: 0 },
  })
  t.equal((await education('C100234', '2025-11-01')).json().peps.length, 2, 'every PEP is listed')
})

t.test('a snapshot that deletes a child takes its education records; reverting the run puts them back', async (t) => {
  await exampleChildren()
  await csv('peps', await readFile(new URL('../../../docs/partner-files/education-peps.csv', import.meta.url)))
  await csv('exclusions', await readFile(new URL('../../../docs/partner-files/education-exclusions.csv', import.meta.url)))
  const rows = () => h.db.selectFrom('education_peps').selectAll().orderBy('recordId').execute()
  const exclusionRows = () => h.db.selectFrom('education_exclusions').selectAll().orderBy('recordId').execute()
  const before = { peps: await rows(), exclusions: await exclusionRows() }
  const kept = (id: string, dateOfBirth: string, upn: string, start: string) => ({
    childId: id,
    sex: 'F',
    dateOfBirth,
    ethnicity: 'WBRI',
    upn,
    episodes: [ep(start, null, { reasonEnded: null })],
  })
  // C100302 (one PEP, the permanent exclusion) is left out: past the guard, which names what the child would take.
  const guarded = expectProblem(
    t,
    await h.call(writer, {
      method: 'POST',
      url: '/v1/authorities/372/imports',
      payload: { children: [kept('C100234', '2012-03-14', 'A123456789012', '2024-01-10'), kept('C100240', '2019-05-02', 'C123456789012', '2023-06-01')] },
    }),
    409,
  )
  t.match(JSON.stringify(guarded), /educationExclusions/)
  const run = await h.call(writer, {
    method: 'POST',
    url: '/v1/authorities/372/imports?allowShrink=true',
    payload: { children: [kept('C100234', '2012-03-14', 'A123456789012', '2024-01-10'), kept('C100240', '2019-05-02', 'C123456789012', '2023-06-01')] },
  })
  t.equal(run.statusCode, 201, run.body.slice(0, 300))
  t.match(
    run.json(),
    { counts: { children: { deleted: 1 }, educationPeps: { deleted: 1 }, educationExclusions: { deleted: 1 } } },
    'the run counts what the child took',
  )
  t.same(
    (await rows()).map((r) => r.childId),
    ['C100234', 'C100234', 'C100240'],
  )
  t.same(
    (await exclusionRows()).map((r) => r.recordId),
    ['VS-SUS-0001', 'VS-SUS-0002'],
  )
  const revert = await h.call(writer, { method: 'POST', url: `/v1/authorities/372/imports/${run.json<{ id: string }>().id}/revert` })
  t.equal(revert.statusCode, 201, revert.body.slice(0, 300))
  t.same({ peps: await rows(), exclusions: await exclusionRows() }, before, 'every record as it was')
})

t.test('a run that added a child is not reverted over the PEP the school posted for it since', async (t) => {
  await exampleChildren()
  const run = await h.call(writer, {
    method: 'POST',
    url: '/v1/authorities/372/imports?mode=delta',
    payload: {
      children: [
        {
          childId: 'C200001',
          sex: 'M',
          dateOfBirth: '2015-02-02',
          ethnicity: 'WBRI',
          upn: 'D123456789012',
          episodes: [ep('2025-01-06', null, { reasonEnded: null })],
        },
      ],
    },
  })
  t.equal(run.statusCode, 201, run.body.slice(0, 300))
  t.equal((await post('peps', { recordId: 'P-NEW', upn: 'D123456789012', date: '2025-01-20', status: 'completed' })).statusCode, 200)
  const refused = expectProblem(t, await h.call(writer, { method: 'POST', url: `/v1/authorities/372/imports/${run.json<{ id: string }>().id}/revert` }), 409)
  t.match(JSON.stringify(refused), /education_peps/)
  t.equal((await rows()).length, 1, 'the PEP stays')
  async function rows() {
    return h.db.selectFrom('education_peps').selectAll().execute()
  }
})

t.test("the virtual school head's lists: PEPs due this term, below 90% attendance, suspensions this term", async (t) => {
  await exampleChildren()
  for (const [file, path] of EXAMPLES)
    t.equal((await csv(path, await readFile(new URL(`../../../docs/partner-files/${file}`, import.meta.url)))).statusCode, 200)
  const list = (path: string, query: string, key = reader) => h.call(key, { method: 'GET', url: `${url(path)}?${query}` })

  // Before any PEP of 2025/26: both school-age children; C100302 is in Year 12 that year.
  const early = await list('peps-due', 'asAt=2025-09-15')
  t.equal(early.statusCode, 200, early.body)
  t.match(early.json(), {
    asAt: '2025-09-15',
    term: { academicYear: '2025/26', term: 'autumn', start: '2025-09-01', end: '2025-12-31' },
    items: [
      { childId: 'C100234', upn: 'A123456789012', curriculumYear: 9, careStart: '2024-01-10', lastCompleted: null, dueBy: '2024-02-07', overdue: true },
      { childId: 'C100240', upn: 'C123456789012', curriculumYear: 2, lastCompleted: null, overdue: true },
    ],
    nextCursor: null,
  })
  t.same((await list('peps-due', 'asAt=2025-10-20')).json().items, [], 'both had a completed PEP this term by then')
  // In the spring term the autumn PEPs are last term's: due by the end of this one, paged.
  const first = (await list('peps-due', 'asAt=2026-01-15&limit=1')).json()
  t.match(first, { items: [{ childId: 'C100234', lastCompleted: '2025-10-14', dueBy: '2026-03-31', overdue: false }], nextCursor: 'C100234' })
  t.match((await list('peps-due', 'asAt=2026-01-15&limit=1&cursor=C100234')).json(), {
    items: [{ childId: 'C100240', lastCompleted: '2025-10-01', dueBy: '2026-03-31' }],
    nextCursor: null,
  })

  t.same((await list('persistent-absence', 'asAt=2025-03-20')).json(), {
    asAt: '2025-03-20',
    academicYear: '2024/25',
    items: [{ childId: 'C100234', upn: 'A123456789012', curriculumYear: 8, possibleSessions: 260, attendedSessions: 230, rate: 0.8846 }],
    nextCursor: null,
  })
  t.same((await list('persistent-absence', 'asAt=2025-10-20')).json().items, [], 'a new school year, no returns yet')

  t.match((await list('suspensions', 'asAt=2025-03-20')).json(), {
    term: { term: 'spring', start: '2025-01-01' },
    items: [
      { childId: 'C100234', suspensions: 1, daysLost: 2.5, permanentExclusions: 0, records: [{ recordId: 'VS-SUS-0001', startDate: '2025-03-04', days: 2.5 }] },
    ],
  })
  t.match((await list('suspensions', 'asAt=2025-06-10')).json().items, [
    { childId: 'C100234', suspensions: 1, daysLost: 1 },
    { childId: 'C100302', suspensions: 0, daysLost: 0, permanentExclusions: 1, records: [{ kind: 'permanent_exclusion', days: null }] },
  ])

  for (const path of ['peps-due', 'persistent-absence', 'suspensions']) expectProblem(t, await list(path, 'asAt=2025-06-10', school), 403)
})
