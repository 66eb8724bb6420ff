import { readFileSync, readdirSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import t from 'tap'
import { buildTestApp, eventually, expectProblem, truncateAll } from '../../helper.ts'
import { multipart } from '../../multipart.ts'

const h = await buildTestApp(t)
let key = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  key = await h.key(['records:read'], ['372'])
})

const validate = (files: Array<{ name: string; content: string | Buffer; field?: string }>, query = '?year=2025', k = key) => {
  const { payload, headers } = multipart(files)
  return h.call(k, { method: 'POST', url: `/v1/authorities/372/returns/ssda903/validate${query}`, payload, headers })
}

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n'
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n'

t.test('a return as given: every rule of the year with its rows and children, findings by row index; nothing stored', async (t) => {
  const res = await validate([
    // SEX 1 is a finding in 2024-25 (rule 101), not a refusal.
    { name: 'header.csv', content: HEADER + 'A1,1,14/06/2012,WBRI,,,\nA2,F,01/02/2010,WBRI,,,\n' },
    { name: 'episodes.csv', content: EPISODES + 'A1,02/05/2024,S,C2,N1,U4,PR1,,E11,,S60 2TH,S65 1AA,\nA2,02/05/2024,S,C2,N1,U4,PR1,,,,S60 2TH,S65 1AA,\n' },
  ])
  t.equal(res.statusCode, 200, res.body)
  const body = res.json()
  t.equal(body.year, 2025)
  const rule = (code: string) => body.rules.find((r: { code: string }) => r.code === code)
  t.match(rule('101'), { message: 'The child or young person’s reported sex is not valid.', tables: ['Header'], fields: ['SEX'], rows: 1, children: 1 })
  t.match(rule('148'), { rows: 1, children: 1 })
  t.match(rule('168'), { rows: 0, children: 0 })
  t.ok(body.rules.length > 100, 'every rule of the set is listed')
  t.same(
    body.findings.filter((f: { rule: string }) => ['101', '148'].includes(f.rule)),
    [
      { rule: '101', table: 'Header', rowIndex: 0, childId: 'A1', fields: ['SEX'], values: { SEX: '1' } },
      { rule: '148', table: 'Episodes', rowIndex: 0, childId: 'A1', fields: ['DEC', 'REC'], values: { DEC: null, REC: 'E11' } },
    ],
  )
  t.equal(body.findingCount, body.findings.length)
  t.equal(body.truncated, false)
  const stored = await h.db.selectFrom('children').select('childId').execute()
  t.same(stored, [], 'nothing stored')
  // Audited as a read, with no child named.
  const event = await eventually(async () => {
    const e = await h.db.selectFrom('audit_events').selectAll().where('resource', '=', '/v1/authorities/:la/returns/ssda903/validate').executeTakeFirst()
    if (!e) throw new Error('no event yet')
    return e
  })
  t.match(event, { action: 'read', la: '372', status: 200, resourceId: null })
})

t.test('the fake set: the same rows as the DfE validator (test/domain/dfe-rules/oracle.test.ts); findings bounded by limit; CSV', async (t) => {
  const dir = new URL('../../fixtures/ssda903-fake/', import.meta.url)
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .map((name) => ({ name, content: readFileSync(new URL(name, dir)) }))
  const res = await validate(files, '?year=2025&limit=10')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.findings.length, 10)
  t.equal(body.truncated, true)
  t.match(
    body.rules.find((r: { code: string }) => r.code === '634'),
    { rows: 7173, children: 2123 },
  )
  const csv = await validate(files, '?year=2026&limit=3&format=csv')
  t.equal(csv.statusCode, 200)
  t.match(csv.headers['content-type'], /^text\/csv/)
  t.equal(csv.body.trim().split(/\r?\n/).length, 4, 'a header line and 3 findings')
  t.match(csv.body, /^rule,table,rowIndex,childId,fields,values/)
})

t.test('refusals: no year, a year without a rule set, no files, a file that is no 903 table, no scope, an unknown authority', async (t) => {
  const header = [{ name: 'header.csv', content: HEADER + 'A1,M,14/06/2012,WBRI,,,\n' }]
  expectProblem(t, await validate(header, ''), 400)
  expectProblem(t, await validate(header, '?year=2023'), 400)
  expectProblem(t, await validate([], '?year=2025'), 400)
  expectProblem(t, await validate([{ name: 'notes.csv', content: 'A,B\n1,2\n' }]), 422)
  const writer = await h.key(['health:write'], ['372'])
  expectProblem(t, await validate(header, '?year=2025', writer), 403)
  const { payload, headers } = multipart(header)
  expectProblem(t, await h.call(key, { method: 'POST', url: '/v1/authorities/999/returns/ssda903/validate?year=2025', payload, headers }), 403)
})

const FAKE = new URL('../../fixtures/ssda903-fake/', import.meta.url)

t.test('the XML return, as application/xml or as the one file of the multipart: the DfE validator’s row counts', async (t) => {
  const xml = readFileSync(new URL('fake_903.xml', FAKE))
  const asBody = await h.call(key, {
    method: 'POST',
    url: '/v1/authorities/372/returns/ssda903/validate?year=2025&limit=0',
    payload: xml,
    headers: { 'content-type': 'application/xml' },
  })
  t.equal(asBody.statusCode, 200, asBody.body)
  const asFile = await validate([{ name: 'fake_903.xml', content: xml }], '?year=2025&limit=0')
  t.equal(asFile.statusCode, 200)
  t.same(asFile.json().rules, asBody.json().rules, 'the same answer either way')
  // Every rule gives the validator's own count on the same XML (fake-xml-2025-by-rule.csv), but for
  // those that judge open episodes, which the validator reads as ended once rule 365 has filled their
  // DEC (docs/data-quality.md).
  const oracle = parse(readFileSync(new URL('dfe-validator/fake-xml-2025-by-rule.csv', FAKE)), { columns: true }) as Array<Record<string, string>>
  const theirs = new Map(oracle.map((r) => [r['rule_code'], Number(r['rows_flagged'])]))
  const FILLED_DEC = ['388', '376', '407', '386', '359']
  const differing = asBody
    .json()
    .rules.filter((r: { code: string; rows: number }) => r.rows !== theirs.get(r.code))
    .map((r: { code: string }) => r.code)
  t.same(differing, FILLED_DEC)
  t.ok((theirs.get('634') ?? 0) > 0 && (theirs.get('101') ?? 0) > 0, 'rules that fire are among those compared')
  const mixed = await validate([
    { name: 'fake_903.xml', content: xml },
    { name: 'header.csv', content: HEADER },
  ])
  expectProblem(t, mixed, 422)
  t.match(mixed.json().detail, /XML return is the whole return/)
})

t.test('the previous year’s files in the same multipart: the rules comparing the years run only with them', async (t) => {
  const now = [
    { name: 'header.csv', content: HEADER + 'A1,M,14/06/2012,WBRI,,,\nA2,F,01/02/2010,WBRI,,,\n' },
    { name: 'episodes.csv', content: EPISODES + 'A1,02/05/2023,S,C2,N1,U4,PR1,,,,S60 2TH,S65 1AA,\nA2,02/05/2024,S,C2,N1,U4,PR1,,,,S60 2TH,S65 1AA,\n' },
  ]
  const last = [
    // A1 was female last year (2023-24 coding: 2); A2 is new. A1's episode was open and started on the same day.
    { name: 'header.csv', content: HEADER + 'A1,2,14/06/2012,WIRI,,,\n', field: 'previous' },
    { name: 'episodes.csv', content: EPISODES + 'A1,02/05/2023,S,C2,N1,U1,PR1,,,,S60 2TH,S65 1AA,\n', field: 'previous' },
  ]
  const counts = (res: { json: () => { rules: Array<{ code: string; rows: number }> } }) =>
    Object.fromEntries(
      res
        .json()
        .rules.filter((r) => ['202', '203', '204', '502', '503A', '503D'].includes(r.code))
        .map((r) => [r.code, r.rows]),
    )
  const without = await validate(now)
  t.same(counts(without), { '202': 0, '203': 0, '204': 0, '502': 0, '503A': 0, '503D': 0 })
  const withLast = await validate([...now, ...last])
  t.equal(withLast.statusCode, 200, withLast.body)
  t.same(counts(withLast), { '202': 1, '203': 0, '204': 1, '502': 0, '503A': 0, '503D': 1 })
  t.same(
    withLast.json().findings.filter((f: { rule: string }) => f.rule === '503D'),
    [{ rule: '503D', table: 'Episodes', rowIndex: 0, childId: 'A1', fields: ['PLACE'], values: { PLACE: 'U4' } }],
    'a finding is a row of this year’s return',
  )
  const bad = await validate([...now, { name: 'notes.csv', content: 'A,B\n1,2\n', field: 'previous' }])
  expectProblem(t, bad, 422)
  t.match(bad.json(), { detail: /previous year's files \(field previous\)/, errors: [{ pointer: '/previous' }] })
  expectProblem(t, await validate(last), 400) // only the previous year sent
})
