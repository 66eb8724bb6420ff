// The year's 903 return (issue #16): each table cut to the year's cohort as the DfE's guidance says,
// as the CSV set and as the DfE's XML; the two carry the same rows, and the year's XML imported and
// exported again gives the same year.
import t from 'tap'
import { parse903Csv } from '../../../src/domain/ssda903/parse-csv.ts'
import { parse903Xml } from '../../../src/domain/ssda903/parse-xml.ts'
import type { Parsed903 } from '../../../src/domain/ssda903/types.ts'
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

type File = { name: string; content: string }
const upload = (la: string, files: File[]) => {
  const { payload, headers } = multipart(files)
  return h.call(key, { method: 'POST', url: `/v1/authorities/${la}/imports/ssda903`, payload, headers })
}
const postXml = (la: string, xml: string) =>
  h.call(key, { method: 'POST', url: `/v1/authorities/${la}/imports/ssda903`, payload: xml, headers: { 'content-type': 'application/xml' } })
const csvSet = async (la: string, query: string) => {
  const res = await h.call(key, { method: 'GET', url: `/v1/authorities/${la}/exports/ssda903?${query}` })
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  return res.json<{ files: Record<string, string> }>().files
}
const xmlOf = async (la: string, query: string) => {
  const res = await h.call(key, { method: 'GET', url: `/v1/authorities/${la}/exports/ssda903?format=xml&${query}` })
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  t.match(res.headers['content-type'], /^application\/xml/)
  return res.body
}
const filesOf = (files: Record<string, string>): File[] => Object.entries(files).map(([name, content]) => ({ name, content }))

/** A parse's children as comparable rows: no row numbers, no social workers (the XML has none). */
function rows(parsed: Parsed903): unknown[] {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip)
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !['rowNumber', 'headerRow', 'episodeRows', 'uascRow'].includes(k))
          .map(([k, x]) => [k, strip(x)]),
      )
    }
    return v
  }
  return [...parsed.children.values()].map((c) => strip({ ...c, socialWorkerEpisodes: [] }))
}

const csv = (...rows: string[]) => rows.join('\r\n') + '\r\n'
const DOB_A = '14/06/2012'
const DOB_B = '01/09/2018'
const DOB_L = '01/05/2006'
/*
 * Three children over three years. A: in care since 2022, a placement change in 2024-25, an episode
 * ending in 2025-26, reviews, missing and social worker episodes either side of 31 March 2025. B: came
 * into care in 2024-25, placed for adoption, adopted in 2025-26. L: left care in 2023, a care leaver.
 */
const HISTORY: File[] = [
  { name: 'header.csv', content: csv('CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB', `A,F,${DOB_A},WBRI,,0,`, `B,M,${DOB_B},WBRI,,,`, `L,F,${DOB_L},WBRI,,,`) },
  {
    name: 'episodes.csv',
    content: csv(
      'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
      'A,10/01/2022,S,C2,N1,U4,PR1,01/06/2024,X1,CARPL,,,',
      'A,01/06/2024,P,C2,N1,U1,PR1,15/04/2025,X1,OTHER,,,',
      'A,15/04/2025,P,C2,N1,U6,PR4,,,,,,',
      'B,01/05/2024,S,C2,N1,U3,PR1,01/11/2024,X1,CARPL,,,',
      'B,01/11/2024,P,E1,N1,A4,PR2,10/06/2025,E11,,,,',
      'L,01/01/2020,S,C2,N1,U4,PR1,01/05/2023,E4A,,,,',
    ),
  },
  {
    name: 'reviews.csv',
    content: csv(
      'CHILD,DOB,REVIEW,REVIEW_CODE',
      `A,${DOB_A},20/03/2024,PN1`,
      `A,${DOB_A},10/10/2024,PN1`,
      `A,${DOB_A},10/04/2025,PN1`,
      `B,${DOB_B},01/06/2024,PN0`,
    ),
  },
  {
    name: 'missing.csv',
    content: csv('CHILD,DOB,MISSING,MIS_START,MIS_END', `A,${DOB_A},M,01/02/2024,03/02/2024`, `A,${DOB_A},A,30/03/2025,02/04/2025`),
  },
  { name: 'ad1.csv', content: csv('CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR', `B,${DOB_B},01/10/2024,01/11/2024,0,2,MF,L11`) },
  { name: 'placed_for_adoption.csv', content: csv('CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED', `B,${DOB_B},01/10/2024,,`) },
  { name: 'previous_permanence.csv', content: csv('CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM', `A,${DOB_A},Z1,,`, `B,${DOB_B},Z1,,`) },
  {
    name: 'sw_episodes.csv',
    content: csv(
      'CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON',
      `A,${DOB_A},SW1,10/01/2022,01/03/2023,MANAGE`,
      `A,${DOB_A},SW2,01/03/2023,20/04/2025,LEFTRL`,
      `A,${DOB_A},SW3,20/04/2025,,ORGRST`,
      `B,${DOB_B},SW4,01/05/2024,,MANAGE`,
    ),
  },
]

t.test("the 2024-25 CSV set: each table's cohort, a row ending after 31 March still open", async (t) => {
  t.equal((await upload('372', HISTORY)).statusCode, 201)
  const files = await csvSet('372', 'year=2025')
  t.equal(
    files['header.csv'],
    csv('CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB', `A,F,${DOB_A},WBRI,,0,`, `B,M,${DOB_B},WBRI,,,`, `L,F,${DOB_L},WBRI,,,`),
    'L is a care leaver of the year (18 in it)',
  )
  t.equal(files['oc3.csv'], csv('CHILD,DOB,IN_TOUCH,ACTIV,ACCOM', `L,${DOB_L},,,`), 'with no contact held: blank')
  t.equal(
    files['episodes.csv'],
    csv(
      'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
      'A,10/01/2022,S,C2,N1,U4,PR1,01/06/2024,X1,CARPL,,,',
      'A,01/06/2024,P,C2,N1,U1,PR1,,,,,,',
      'B,01/05/2024,S,C2,N1,U3,PR1,01/11/2024,X1,CARPL,,,',
      'B,01/11/2024,P,E1,N1,A4,PR2,,,,,,',
    ),
    'DEC, REC and REASON_PLACE_CHANGE blank after 31 March (rules 385, 388)',
  )
  t.equal(files['reviews.csv'], csv('CHILD,DOB,REVIEW,REVIEW_CODE', `A,${DOB_A},10/10/2024,PN1`, `B,${DOB_B},01/06/2024,PN0`))
  t.equal(files['missing.csv'], csv('CHILD,DOB,MISSING,MIS_START,MIS_END', `A,${DOB_A},A,30/03/2025,`))
  t.equal(files['ad1.csv'], csv('CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR'), 'B is adopted in 2025-26')
  t.equal(files['placed_for_adoption.csv'], csv('CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED', `B,${DOB_B},01/10/2024,,`))
  t.equal(files['previous_permanence.csv'], csv('CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM', `B,${DOB_B},Z1,,`), 'only B came into care in the year')
  t.equal(
    files['sw_episodes.csv'],
    csv('CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON', `A,${DOB_A},SW2,01/03/2023,,LEFTRL`, `B,${DOB_B},SW4,01/05/2024,,MANAGE`),
    'from 1 April 2023 (two years from 2024-25); SW2 still the worker on 31 March',
  )

  const next = await csvSet('372', 'year=2026')
  t.equal(next['ad1.csv'], csv('CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR', `B,${DOB_B},01/10/2024,01/11/2024,0,2,MF,L11`))
  t.equal(next['previous_permanence.csv'], csv('CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM'))
  t.match(next['episodes.csv'], /B,01\/11\/2024,P,E1,N1,A4,PR2,10\/06\/2025,E11,/)

  const all = await csvSet('372', 'year=2025&history=all')
  t.match(all['episodes.csv'], /A,01\/06\/2024,P,C2,N1,U1,PR1,15\/04\/2025,X1,OTHER/, 'history=all: as stored')
  t.equal((await upload('372', filesOf(all))).json().changed, false, 'history=all re-imports unchanged')
})

t.test('the XML return: the same rows as the CSV set; imported and exported again, the same year', async (t) => {
  t.equal((await upload('372', HISTORY)).statusCode, 201)
  for (const year of [2024, 2025, 2026]) {
    const xml = await xmlOf('372', `year=${year}`)
    const files = await csvSet('372', `year=${year}`)
    const fromXml = parse903Xml(xml)
    const fromCsv = parse903Csv(filesOf(files))
    t.same(fromXml.findings, [], `${year}: the XML reads cleanly`)
    t.same(rows(fromXml), rows(fromCsv), `${year}: the XML and the CSV set carry the same rows`)
  }
  const xml = await xmlOf('372', 'year=2025')
  t.notMatch(xml, /<SW_ID>/, 'no social worker episodes in the XML')
  const imported = await postXml('373', xml)
  t.equal(imported.statusCode, 201, imported.body.slice(0, 300))
  t.equal(imported.json().errorCount, 0)
  // The year's return cannot say that L is a care leaver: that is in the episodes of earlier years.
  const withoutL = (text: string) => text.replace(/^(<CHILD><HEADER><CHILDID>L<|L,)[^\n]*\n/gm, '')
  t.equal(await xmlOf('373', 'year=2025'), withoutL(xml), 'the year imported elsewhere exports the same XML')
  const files372 = await csvSet('372', 'year=2025')
  const files373 = await csvSet('373', 'year=2025')
  t.same(
    { ...files373, 'sw_episodes.csv': '' },
    Object.fromEntries(Object.entries({ ...files372, 'sw_episodes.csv': '' }).map(([name, text]) => [name, withoutL(text)])),
    'and the same CSV set (social workers aside)',
  )
  t.equal((await postXml('373', xml)).json().changed, false, 'the year imported again changes nothing')

  const all = await xmlOf('372', 'year=2025&history=all')
  t.equal((await postXml('372', all)).json().changed, false, 'the full-history XML re-imports unchanged (social workers kept)')
})

t.test('the XML return: UASC is 1 or 0 for every child, never blank (rule 105), and reads back as sent', async (t) => {
  const uasc = { name: 'uasc.csv', content: csv('CHILD,SEX,DOB,DUC', `B,M,${DOB_B},`) }
  t.equal((await upload('372', [...HISTORY, uasc])).statusCode, 201)
  for (const year of [2025, 2026]) {
    const xml = await xmlOf('372', `year=${year}`)
    const flags = [...xml.matchAll(/<CHILDID>([^<]*)<\/CHILDID>.*?<UASC(?:>([^<]*)<\/UASC>|\/>)/g)].map((m) => [m[1], m[2] ?? 'blank'])
    t.same(
      flags,
      [
        ['A', '0'],
        ['B', '1'],
        ['L', '0'],
      ],
      `${year}: B UASC, the others 0 (L a care leaver with no episode too)`,
    )
  }
  const imported = await postXml('373', await xmlOf('372', 'year=2025'))
  t.equal(imported.statusCode, 201, imported.body.slice(0, 300))
  const uascOf = async (la: string) => (await csvSet(la, 'year=2025'))['uasc.csv']
  t.equal(await uascOf('373'), await uascOf('372'), 'imported elsewhere: B UASC, and a 0 is not UASC')
  t.equal(await uascOf('373'), csv('CHILD,SEX,DOB,DUC', `B,M,${DOB_B},`))
})

t.test('format=xml takes no file', async (t) => {
  expectProblem(t, await h.call(key, { method: 'GET', url: '/v1/authorities/372/exports/ssda903?year=2025&format=xml&file=header.csv' }), 400)
  expectProblem(t, await h.call(key, { method: 'GET', url: '/v1/authorities/372/exports/ssda903?year=2025&format=json' }), 400)
})
