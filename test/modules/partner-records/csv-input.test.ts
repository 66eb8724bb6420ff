import { Type } from '@sinclair/typebox'
import fc from 'fast-check'
import t from 'tap'
import { IsoDate } from '../../../src/http/schemas.ts'
import { csvFormat, headerKey, readDateCell, readPartnerCsv } from '../../../src/modules/partner-records/csv-input.ts'
import { HEALTH_CHECK_WORDS, HealthCheckRecord } from '../../../src/modules/partner-records/kinds/health-checks.ts'
import { PathwayPlanRecord } from '../../../src/modules/partner-records/kinds/care-leavers.ts'

const health = csvFormat(HealthCheckRecord, 'health check', HEALTH_CHECK_WORDS)

t.test('header keys: any case, spacing and punctuation name the same field', async (t) => {
  for (const h of ['recordId', 'Record ID', 'record_id', 'RECORD-ID', ' record id ']) t.equal(headerKey(h), 'recordid')
  const [row] = await readPartnerCsv('Record ID,NHS No.,Unique Pupil Number\nA,943 476 5919,A123456789012\n', health)
  t.same(row?.record, { recordId: 'A', nhsNumber: '943 476 5919', upn: 'A123456789012' }, "the identifiers' usual headers")
})

t.test('each cell becomes the value its field asks for', async (t) => {
  const rows = await readPartnerCsv(
    'recordId,kind,date,outcome,immunisationsUpToDate\n' +
      'A,Initial Health Assessment,1/2/2025,complete,\n' +
      'B,immunisations_review,2025-02-01,DNA,Y\n' +
      'C,rha,01/02/2025,Did Not Attend,no\n' +
      'D,scan,2025-13-01,maybe,perhaps\n',
    health,
  )
  t.same(rows[0], { line: 2, record: { recordId: 'A', kind: 'initial_health_assessment', date: '2025-02-01', outcome: 'completed' }, errors: [] })
  t.same(rows[1]?.record, { recordId: 'B', kind: 'immunisations_review', date: '2025-02-01', outcome: 'did_not_attend', immunisationsUpToDate: true })
  t.same(rows[2]?.record, { recordId: 'C', kind: 'review_health_assessment', date: '2025-02-01', outcome: 'did_not_attend', immunisationsUpToDate: false })
  t.same(
    rows[3]?.errors.map((e) => e.field),
    ['kind', 'date', 'outcome', 'immunisationsUpToDate'],
  )
})

t.test('integers, and lists of dates', async (t) => {
  const plan = csvFormat(PathwayPlanRecord, 'pathway plan')
  const [ok, bad] = await readPartnerCsv('recordId,childId,planDate,reviews\nP,C1,2024-04-02,01/10/2024; 2025-03-25 |\nQ,C1,2024-04-02,01/10/2024;soon\n', plan)
  t.same(ok?.record.reviews, ['2024-10-01', '2025-03-25'])
  t.match(bad?.errors, [{ field: 'reviews', message: /not a list of dates/ }])
  const scores = csvFormat(Type.Object({ n: Type.Integer(), d: IsoDate }), 'score')
  const rows = await readPartnerCsv('n,d\n+12,2025-01-01\n1.5,\n12345678901,\n', scores)
  t.same(rows[0]?.record, { n: 12, d: '2025-01-01' })
  t.same(
    rows.slice(1).map((r) => r.errors),
    [[{ field: 'n', message: 'is not a whole number' }], [{ field: 'n', message: 'is not a whole number' }]],
  )
})

t.test('a column with no name is ignored; lines count blank lines and quoted line breaks', async (t) => {
  const rows = await readPartnerCsv('recordId,,kind\r\n\r\nA,x,RHA\r\n"B\nC",,IHA\r\nD,,dental\r\n', health)
  t.same(
    rows.map((r) => [r.line, r.record.recordId]),
    [
      [3, 'A'],
      [5, 'B\nC'],
      [6, 'D'],
    ],
  )
})

t.test('a date cell: any valid day in either form reads back as that day', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.boolean(),
      async (d, uk) => {
        const iso = d.toISOString().slice(0, 10)
        const cell = uk ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso
        const [row] = await readPartnerCsv(`recordId,date\nR,${cell}\n`, health)
        return row?.record.date === iso
      },
    ),
    { numRuns: 200 },
  )
  t.pass()
})

t.test('dates with the month named, as NHS systems export them; never month first', async (t) => {
  const cases: Array<[string, string | null]> = [
    ['14 May 2025', '2025-05-14'],
    ['14-May-2025', '2025-05-14'],
    ['1 Sept 2025', '2025-09-01'],
    ['01 september 2025', '2025-09-01'],
    ['31 Feb 2025', null],
    ['14 Mai 2025', null],
    ['14 Mayo 2025', null],
    ['03/04/2025', '2025-04-03'],
    ['14/05/2025 00:00', '2025-05-14'],
    ['2025/05/14', null],
    ['May 14 2025', null],
  ]
  for (const [cell, expected] of cases) t.equal(readDateCell(cell), expected, cell)
})
