import { readFileSync, readdirSync } from 'node:fs'
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

const validate = (files: Array<{ name: string; content: string | Buffer }>, query = '?year=2025', k = key) => {
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
