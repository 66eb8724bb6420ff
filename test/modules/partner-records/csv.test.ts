import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { ep } from '../../domain/care-history/fixtures.ts'
import { buildTestApp, expectProblem, integration, truncateAll } from '../../helper.ts'
import { multipart } from '../../multipart.ts'

const h = await buildTestApp(t)
let writer = ''
let nurse = ''
let school = ''
let leavingCare = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  writer = await h.key(['records:write'], ['372'])
  nurse = await h.key(['health:write'], ['372'])
  school = await h.key(['education:write'], ['372'])
  leavingCare = await h.key(['leaving-care:write'], ['372'])
})

const { child, episodes } = integration(h, () => writer)

/** The children the example files in docs/partner-files name. */
async function exampleChildren() {
  const setUp: Array<[string, Record<string, unknown>, unknown[]]> = [
    ['C100234', { dateOfBirth: '2012-03-14', nhsNumber: '3982597919' }, [ep('2024-01-10', null, { reasonEnded: null })]],
    ['C100235', { dateOfBirth: '2021-07-02', nhsNumber: '9074833780' }, [ep('2024-10-21', null, { reasonEnded: null })]],
    ['C100301', { dateOfBirth: '2006-05-20' }, [ep('2020-01-06', '2024-05-20', { reasonEnded: 'E8' })]],
    ['C100302', { dateOfBirth: '2009-01-15' }, [ep('2022-02-01', null, { reasonEnded: null })]],
  ]
  for (const [id, body, list] of setUp) {
    t.equal((await child(id, body)).statusCode, 201)
    t.equal((await episodes(id, list)).statusCode, 200)
  }
}

const csv = (url: string, key: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  h.call(key, { method: 'POST', url: `/v1/authorities/372/${url}`, payload: body, headers: { 'content-type': 'text/csv', ...headers } })

type Result = {
  index: number
  line?: number
  recordId: string | null
  status: string
  statusCode?: number
  errors?: Array<{ pointer: string; message: string }>
}

const EXAMPLES: Array<[file: string, url: string, key: () => string, rows: number]> = [
  ['health-checks.csv', 'health-checks', () => nurse, 9],
  ['sdq.csv', 'sdq', () => nurse, 4],
  ['care-leavers.csv', 'care-leavers', () => leavingCare, 2],
  ['personal-advisers.csv', 'personal-advisers', () => leavingCare, 2],
  ['pathway-plans.csv', 'pathway-plans', () => leavingCare, 2],
  ['care-leaver-contacts.csv', 'care-leaver-contacts', () => leavingCare, 3],
]

t.test('every example file in docs/partner-files loads with every row created, and again unchanged', async (t) => {
  await exampleChildren()
  for (const [file, url, key, rows] of EXAMPLES) {
    const text = await readFile(new URL(`../../../docs/partner-files/${file}`, import.meta.url))
    const res = await csv(url, key(), text)
    t.equal(res.statusCode, 200, `${file}: ${res.body}`)
    const body = res.json<{ results: Result[]; summary: Record<string, number> }>()
    t.same(body.summary, { created: rows, updated: 0, unchanged: 0, deleted: 0, rejected: 0 }, file)
    t.same(
      body.results.map((r) => r.line),
      Array.from({ length: rows }, (_, i) => i + 2),
      `${file}: each result gives its line`,
    )
    t.equal((await csv(url, key(), text)).json<{ summary: { unchanged: number } }>().summary.unchanged, rows, `${file} again: unchanged`)
  }
  // What the words and dates became.
  const checks = await h.db
    .selectFrom('health_checks')
    .select(['recordId', 'childId', 'kind', 'date', 'outcome', 'immunisationsUpToDate'])
    .orderBy('recordId')
    .execute()
  t.match(
    checks.find((c) => c.recordId === 'RHT-IHA-0001'),
    { childId: 'C100234', kind: 'initial_health_assessment', date: '2024-01-31', outcome: 'completed' },
  )
  t.match(
    checks.find((c) => c.recordId === 'RHT-IMM-0003'),
    { kind: 'immunisations_review', immunisationsUpToDate: true },
  )
  t.match(
    checks.find((c) => c.recordId === 'RHT-RHA-0008'),
    { childId: 'C100235', outcome: 'did_not_attend' },
  )
  t.match(
    checks.find((c) => c.recordId === 'RHT-OPT-0005'),
    { kind: 'optician', date: '2025-04-02' },
  )
  const sdq = await h.db.selectFrom('sdq_returns').select(['recordId', 'informant', 'total', 'reasonCode']).orderBy('recordId').execute()
  t.same(
    sdq.map((s) => [s.recordId, s.informant, s.total, s.reasonCode]),
    [
      ['SDQ-2025-0001', 'carer', 15, null],
      ['SDQ-2025-0002', 'teacher', 12, null],
      ['SDQ-2025-0003', 'self', 16, null],
      ['SDQ-2025-0004', 'carer', null, 'SDQ4'],
    ],
    'informants from their usual words; a total left blank is worked out',
  )
  t.equal(
    (await h.db.selectFrom('care_leavers').select('eligibility').where('childId', '=', 'C100301').executeTakeFirstOrThrow()).eligibility,
    'former_relevant',
  )
  const reviews = await h.db.selectFrom('pathway_plan_reviews').select(['planRecordId', 'reviewDate']).orderBy('reviewDate').execute()
  t.same(
    reviews.map((r) => [r.planRecordId, r.reviewDate]),
    [
      ['PP-0001', '2024-10-01'],
      ['PP-0001', '2025-03-25'],
    ],
    'a cell of dates separated by ;',
  )
})

t.test('the results as CSV: a row per record with its line, the errors in words', async (t) => {
  await exampleChildren()
  const file = [
    'recordId,nhsNumber,kind,date,outcome',
    'A-1,3982597919,IHA,31/01/2024,Completed',
    '',
    'A-2,3982597919,a scan,31/02/2025,Done',
    'A-3,1111111111,RHA,2025-01-29,Completed',
    '"A-4","3982597919","RHA","29/01/2025","DNA"',
    '',
  ].join('\r\n')
  const res = await csv('health-checks', nurse, file, { accept: 'text/csv' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/csv/)
  const lines = res.body.trimEnd().split('\r\n')
  t.equal(lines[0], 'line,index,recordId,status,statusCode,errors,warnings')
  t.equal(lines[1], '2,0,A-1,created,,,')
  t.match(
    lines[2],
    /^4,1,A-2,rejected,422,"kind: is not one of initial_health_assessment, .*; date: is not a date: write YYYY-MM-DD, DD\/MM\/YYYY or 14 May 2025",$/,
  )
  t.match(lines[3], /^5,2,A-3,rejected,422,nhsNumber: /)
  t.equal(lines[4], '6,3,A-4,created,,,', 'quoted cells; a blank line does not shift the line numbers')
  t.equal(lines.length, 5)
  const json = await csv('health-checks', nurse, file, { accept: 'application/json, text/csv;q=0.5' })
  t.match(json.headers['content-type'], /^application\/json/, 'JSON when preferred')
  t.match(json.json<{ results: Result[] }>().results[1], {
    index: 1,
    line: 4,
    status: 'rejected',
    errors: [{ pointer: '/records/1/kind' }, { pointer: '/records/1/date' }],
  })
})

t.test('headers in any case and spacing; a column twice or unknown is a 400 naming it; nothing stored', async (t) => {
  await exampleChildren()
  const ok = await csv('health-checks', nurse, 'RECORD_ID, nhs number ,KIND,date,Outcome\nB-1,3982597919,rha,2025-01-29,completed\n')
  t.equal(ok.json<{ summary: { created: number } }>().summary.created, 1)
  const unknown = expectProblem(
    t,
    await csv('health-checks', nurse, 'recordId,nhsNumber,kind,date,outcome,postcode\nB-2,3982597919,RHA,2025-01-29,completed,LS1 1AA\n'),
    400,
  )
  t.same(unknown.errors, [{ in: 'body', pointer: '/header/postcode', message: 'is not a field of a health check (line 1)' }])
  t.match(unknown.detail, /recordId, childId, nhsNumber, upn, kind, date, outcome, clinicianRole, immunisationsUpToDate, purge/)
  const twice = expectProblem(
    t,
    await csv('health-checks', nurse, 'recordId,nhsNumber,kind,date,Date,outcome\nB-3,3982597919,RHA,2025-01-29,2025-01-30,completed\n'),
    400,
  )
  t.same(twice.errors, [{ in: 'body', pointer: '/header/date', message: 'is given twice (line 1)' }])
  expectProblem(t, await csv('health-checks', nurse, '\r\n\r\n'), 400)
  expectProblem(t, await csv('health-checks', nurse, 'recordId,nhsNumber,kind,date,outcome\r\n'), 400)
  t.equal((await h.db.selectFrom('health_checks').select('recordId').execute()).length, 1)
})

t.test('a file cut off is refused whole (422), a row with the wrong number of cells alone', async (t) => {
  await exampleChildren()
  const head = 'recordId,nhsNumber,kind,date,outcome\n'
  const cut = expectProblem(t, await csv('health-checks', nurse, `${head}C-1,3982597919,RHA,2025-01-29,completed\nC-2,3982597919,RH`), 422)
  t.match(cut.detail, /ends inside line 3/)
  const open = expectProblem(
    t,
    await csv('health-checks', nurse, `${head}C-1,3982597919,RHA,2025-01-29,completed\nC-2,"3982597919,RHA,2025-01-29,completed\n`),
    422,
  )
  t.match(open.detail, /never closed/)
  t.equal((await h.db.selectFrom('health_checks').select('recordId').execute()).length, 0, 'nothing of either file stored')

  const lastWithoutBreak = await csv('health-checks', nurse, `${head}C-1,3982597919,RHA,2025-01-29,completed`)
  t.equal(lastWithoutBreak.json<{ summary: { created: number } }>().summary.created, 1, 'a whole last line needs no line break')

  const ragged = await csv('health-checks', nurse, `${head}C-2,3982597919,RHA,2025-02-28,completed,extra\nC-3,3982597919,Dental,2025-03-01,completed\n`)
  const results = ragged.json<{ results: Result[] }>().results
  t.match(results[0], { line: 2, status: 'rejected', errors: [{ pointer: '/records/0', message: /has 6 cells where the header has 5/ }] })
  t.match(results[1], { line: 3, status: 'created' })
})

t.test('a multipart file, gzip either way, UTF-16 from Excel, a byte-order mark', async (t) => {
  await exampleChildren()
  const file = 'recordId,nhsNumber,kind,date,outcome\r\nD-1,3982597919,RHA,29/01/2025,Completed\r\n'
  const form = multipart([{ name: 'returns.csv', content: file }])
  const res = await h.call(nurse, { method: 'POST', url: '/v1/authorities/372/health-checks', payload: form.payload, headers: form.headers })
  t.equal(res.json<{ summary: { created: number } }>().summary.created, 1, 'multipart')
  const zipped = multipart([{ name: 'returns.csv.gz', content: gzipSync(file.replace('D-1', 'D-2')) }])
  t.equal(
    (await h.call(nurse, { method: 'POST', url: '/v1/authorities/372/health-checks', payload: zipped.payload, headers: zipped.headers })).json<{
      summary: { created: number }
    }>().summary.created,
    1,
    'a gzip file in the form',
  )
  t.equal(
    (await csv('health-checks', nurse, gzipSync(file.replace('D-1', 'D-3')), { 'content-encoding': 'gzip' })).json<
      Result[] & { summary: { created: number } }
    >().summary.created,
    1,
    'Content-Encoding: gzip',
  )
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(file.replace('D-1', 'D-4'), 'utf16le')])
  t.equal((await csv('health-checks', nurse, utf16)).json<{ summary: { created: number } }>().summary.created, 1, 'UTF-16LE with its BOM')
  t.equal((await csv('health-checks', nurse, `\uFEFF${file.replace('D-1', 'D-5')}`)).json<{ summary: { created: number } }>().summary.created, 1, 'UTF-8 BOM')

  const two = multipart([
    { name: 'a.csv', content: file },
    { name: 'b.csv', content: file },
  ])
  expectProblem(t, await h.call(nurse, { method: 'POST', url: '/v1/authorities/372/health-checks', payload: two.payload, headers: two.headers }), 413)
  const withField = multipart([{ name: 'a.csv', content: file }], { manifest: '{}' })
  t.same(
    expectProblem(
      t,
      await h.call(nurse, { method: 'POST', url: '/v1/authorities/372/health-checks', payload: withField.payload, headers: withField.headers }),
      400,
    ).errors,
    [{ in: 'body', pointer: '/manifest', message: 'is not a known field' }],
  )
  const none = multipart([], { note: 'x' })
  expectProblem(t, await h.call(nurse, { method: 'POST', url: '/v1/authorities/372/health-checks', payload: none.payload, headers: none.headers }), 400)
  const truncated = gzipSync(file).subarray(0, 20)
  const cutZip = multipart([{ name: 'a.csv.gz', content: truncated }])
  expectProblem(t, await h.call(nurse, { method: 'POST', url: '/v1/authorities/372/health-checks', payload: cutZip.payload, headers: cutZip.headers }), 422)
  t.equal((await h.db.selectFrom('health_checks').select('recordId').execute()).length, 5)
})

t.test('any number of rows: 2,500 in one file, a record id twice refused, U+0000 a 400', async (t) => {
  await exampleChildren()
  const head = 'recordId,childId,date,informant,emotional,conduct,hyperactivity,peer,prosocial,reasonCode'
  // Every six hours from 1 February 2024, after the child came into care.
  const day = (i: number) => new Date(Date.UTC(2024, 1, 1) + i * 6 * 3600_000).toISOString().slice(0, 10)
  const rows = Array.from({ length: 2500 }, (_, i) => `E-${i},C100234,${day(i)},${i % 2 ? 'Foster carer' : 'carer'},1,1,1,1,,`)
  const fixed = `${[head, ...rows].join('\n')}\n`
  const res = await csv('sdq', nurse, fixed)
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  t.equal(res.json<{ summary: { created: number } }>().summary.created, 2500)
  t.equal(
    Number(
      (
        await h.db
          .selectFrom('sdq_returns')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    2500,
  )

  const twice = await csv('sdq', nurse, `${head}\nF-1,C100234,2025-01-01,carer,1,1,1,1,,\nF-1,C100234,2025-01-02,carer,1,1,1,1,,\n`)
  t.equal(twice.statusCode, 422, 'both rows refused: every record was refused')
  t.match(twice.json<{ results: Result[] }>().results, [
    { line: 2, status: 'rejected' },
    { line: 3, status: 'rejected' },
  ])
  expectProblem(t, await csv('sdq', nurse, `${head}\nG-1,C100234,2025-01-01,carer,1,1,1,1,\u0000,\n`), 400)
})

t.test('rules and keys as for JSON: a virtual school key posts teacher returns only; the write is audited once', async (t) => {
  await exampleChildren()
  const head = 'recordId,childId,date,informant,total'
  const res = await csv('sdq', school, `${head}\nS-1,C100234,2025-02-14,School,12\nS-2,C100234,2025-02-10,Foster carer,15\n`)
  t.equal(res.statusCode, 200)
  t.match(res.json<{ results: Result[] }>().results, [
    { line: 2, status: 'created' },
    { line: 3, status: 'rejected', statusCode: 403 },
  ])
  expectProblem(t, await csv('health-checks', school, 'recordId,nhsNumber,kind,date,outcome\nX-1,3982597919,RHA,2025-01-29,completed\n'), 403)
  await h.app.flushAudit()
  const events = await h.db.selectFrom('audit_events').select(['action', 'resource', 'status']).where('resource', '=', '/v1/authorities/:la/sdq').execute()
  t.same(events, [{ action: 'post', resource: '/v1/authorities/:la/sdq', status: 200 }], 'one event for the file')
})

t.test('every row refused: 422 problem+json with each row and its line', async (t) => {
  await exampleChildren()
  const res = await csv('care-leavers', leavingCare, 'childId,eligibility\nC100234,relevant\nNOBODY,eligible\n')
  const problem = expectProblem(t, res, 422)
  t.match(problem.results, [
    { index: 0, line: 2, status: 'rejected', errors: [{ pointer: '/records/0/eligibility' }] },
    { index: 1, line: 3, status: 'rejected', errors: [{ pointer: '/records/1/childId' }] },
  ])
})

t.test('the JSON form is unchanged: one record alone, or a batch', async (t) => {
  await exampleChildren()
  const res = await h.call(nurse, {
    method: 'POST',
    url: '/v1/authorities/372/health-checks',
    payload: { recordId: 'J-1', childId: 'C100234', kind: 'dental_check', date: '2025-03-12', outcome: 'completed' },
  })
  t.same(res.json(), {
    results: [{ index: 0, recordId: 'J-1', status: 'created' }],
    summary: { created: 1, updated: 0, unchanged: 0, deleted: 0, rejected: 0 },
  })
  expectProblem(
    t,
    await h.call(nurse, { method: 'POST', url: '/v1/authorities/372/health-checks', payload: 'x', headers: { 'content-type': 'text/plain' } }),
    415,
  )
})
