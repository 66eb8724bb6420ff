import t from 'tap'
import { addWorkingDays } from '../../../src/domain/dates/working-days.ts'
import { countedIds, ep, kpiTestApp } from './fixtures.ts'

/**
 * A child who moves from V3/V4 short breaks into care inside one period of care (domain doc 5a, 5b):
 * the health cohort, long-term stability's 2.5 years, the RHA chain, overdue assessments and the SDQ
 * due date all count from that change (the time in care), never from the start of the short breaks.
 * D = 31 March 2025: D minus 12 months is 31 March 2024, minus 24 months 31 March 2023, minus 30
 * months 30 September 2022. Counted by hand.
 */
const h = await kpiTestApp(t)
const D = 'asAt=2025-03-31'

/** Short breaks under a V4 agreement with a short-term foster carer, then a care order with the same carer (RNE L). */
const shortBreaksThenCare = (from: string, careFrom: string) => [
  ep(from, careFrom, { legalStatus: 'V4', categoryOfNeed: 'N2', placementType: 'U6' }),
  ep(careFrom, null, { reasonNewEpisode: 'L', legalStatus: 'C2', categoryOfNeed: 'N2', placementType: 'U6' }),
]

let record = 0
async function assessments(la: string, childId: string, list: Array<[kind: string, date: string]>) {
  await h.insert(
    'health_checks',
    list.map(([kind, date]) => ({ la, record_id: `R${++record}`, child_id: childId, kind, date, outcome: 'completed', immunisations_up_to_date: null })),
  )
}

t.test('health: the cohort, the RHA chain, overdue and SDQ due count from the change into care', async (t) => {
  const la = await h.la('823')
  // In care from D minus 12 months exactly: in the health cohort (the period began in 2022, with short breaks).
  await h.child(la, 'B1', '2012-05-01', shortBreaksThenCare('2022-01-04', '2024-03-31'))
  await assessments(la, 'B1', [['review_health_assessment', '2024-05-01']])
  // In care a day later: not in the cohort, though its period of care began long before.
  await h.child(la, 'B2', '2012-05-01', shortBreaksThenCare('2022-01-04', '2024-04-01'))
  // An assessment during the short breaks (due 1 February 2025, in the 12 months) starts no chain; the IHA does.
  await assessments(la, 'B2', [
    ['review_health_assessment', '2024-02-01'],
    ['initial_health_assessment', '2024-04-20'],
  ])
  // In care from June 2023. The assessment in the short breaks (due 15 May 2024) is not a due; the IHA's
  // (due 20 June 2024) is, and the review on 10 June 2024 met it.
  await h.child(la, 'B3', '2012-05-01', shortBreaksThenCare('2023-01-02', '2023-06-01'))
  await assessments(la, 'B3', [
    ['review_health_assessment', '2023-05-15'],
    ['initial_health_assessment', '2023-06-20'],
    ['review_health_assessment', '2024-06-10'],
  ])
  // In care since 2020 with no assessment since January 2021: overdue since January 2022.
  await h.child(la, 'B4', '2012-05-01', [ep('2020-01-06', null)])
  await assessments(la, 'B4', [
    ['initial_health_assessment', '2020-01-20'],
    ['review_health_assessment', '2021-01-10'],
  ])
  // In care from Monday 5 March 2018 after short breaks, assessed only during the short breaks: the
  // missed due date is the IHA deadline, 20 working days on over Easter 2018.
  await h.child(la, 'B5', '2012-05-01', shortBreaksThenCare('2017-01-02', '2018-03-05'))
  await assessments(la, 'B5', [['review_health_assessment', '2017-06-01']])

  t.equal(addWorkingDays('2018-03-05', 20), '2018-04-04')

  const cohort = await h.cohort(la, 'health-assessments', D)
  t.same(
    cohort.items.map((i) => i.childId),
    ['B1', 'B3', 'B4', 'B5'],
    'the health cohort: time in care begun by 31 March 2024',
  )
  t.same(countedIds(cohort), ['B1', 'B3'])
  t.match(cohort.items[0]?.facts, { carePeriodStart: '2022-01-04', careStart: '2024-03-31' })
  t.match(await h.kpi(la, 'health-assessments', D), { numerator: 2, denominator: 4 })

  // One due in the 12 months: B3's IHA's, met. None from an assessment during short breaks.
  const dues = await h.cohort(la, 'rha-on-time', D)
  t.same(
    dues.items.map((i) => [i.childId, i.facts.assessed, i.facts.due, i.facts.careStart, i.counted]),
    [['B3', '2023-06-20', '2024-06-20', '2023-06-01', true]],
  )
  t.match(await h.kpi(la, 'rha-on-time', D), { numerator: 1, denominator: 1 })

  // Overdue: the latest assessment in the current time in care however old, and the due date it missed.
  const overdue = await h.cohort(la, 'health-assessment-overdue', D)
  t.same(countedIds(overdue), ['B4', 'B5'])
  const facts = (id: string) => overdue.items.find((i) => i.childId === id)?.facts
  t.match(facts('B1'), { latestAssessment: '2024-05-01', nextDue: '2025-05-01' })
  t.match(facts('B2'), { careStart: '2024-04-01', latestAssessment: '2024-04-20', nextDue: '2025-04-20' })
  t.match(facts('B4'), { latestAssessment: '2021-01-10', nextDue: '2022-01-10' })
  t.match(facts('B5'), { carePeriodStart: '2017-01-02', careStart: '2018-03-05', latestAssessment: null, nextDue: '2018-04-04' })
  t.match(await h.kpi(la, 'health-assessment-overdue', D), { numerator: 2, denominator: 5 })

  // The child's own due dates say the same.
  const b5 = await h.call(h.reader, { method: 'GET', url: `/v1/authorities/${la}/children/B5/health?${D}` })
  t.equal(b5.statusCode, 200)
  t.match(b5.json(), {
    due: {
      carePeriodStart: '2017-01-02',
      careStart: '2018-03-05',
      initialHealthAssessment: { deadline: '2018-04-04', overdue: true },
      reviewHealthAssessment: null,
      nextHealthAssessment: { dueDate: '2018-04-04', overdue: true },
    },
  })

  // SDQ: the same cohort aged 4-16; the annual SDQ falls due 12 months after the change into care.
  t.same(
    (await h.cohort(la, 'sdq-completion', D)).items.map((i) => i.childId),
    ['B1', 'B3', 'B4', 'B5'],
  )
  const due = await h.call(h.reader, { method: 'GET', url: `/v1/authorities/${la}/sdq/due?${D}` })
  t.equal(due.statusCode, 200)
  const items = due.json<{ items: Array<{ childId: string; careStart: string; dueDate: string; overdue: boolean }> }>().items
  t.same(
    items.map((i) => [i.childId, i.careStart, i.dueDate, i.overdue]),
    [
      ['B1', '2024-03-31', '2025-03-31', false],
      ['B3', '2023-06-01', '2024-06-01', true],
      ['B4', '2020-01-06', '2021-01-06', true],
      ['B5', '2018-03-05', '2019-03-05', true],
    ],
  )
})

t.test("the 903 export's OC2 rows, worked out from the partner records, are the same health cohort", async (t) => {
  const la = await h.la('823')
  const key = await h.key(['records:read'])
  const res = await h.call(key, { method: 'GET', url: `/v1/authorities/${la}/exports/ssda903?year=2025&file=oc2.csv` })
  t.equal(res.statusCode, 200, res.body)
  const rows = res.body.trim().split(/\r?\n/).slice(1)
  t.same(rows.map((r) => r.split(',')[0]).sort(), ['B1', 'B3', 'B4', 'B5'])
})

t.test('long-term stability: in care 2.5 years counts from the change into care, and so does the placement', async (t) => {
  const la = await h.la('824')
  // Short breaks with this carer since 2020, in care from 3 October 2022: not yet 2.5 years in care.
  await h.child(la, 'L1', '2012-01-01', shortBreaksThenCare('2020-01-06', '2022-10-03'))
  // In care from 30 September 2022 (D minus 30 months): in the cohort; the same carer since then, so counted.
  await h.child(la, 'L2', '2012-01-01', shortBreaksThenCare('2020-01-06', '2022-09-30'))
  // In care since January 2022, a move in June 2023: in the cohort, not counted.
  await h.child(la, 'L3', '2012-01-01', [ep('2022-01-03', '2023-06-01'), ep('2023-06-01', null, { reasonNewEpisode: 'P', placementPostcode: 'S61 2BB' })])
  const cohort = await h.cohort(la, 'long-term-stability', D)
  t.same(
    cohort.items.map((i) => i.childId),
    ['L2', 'L3'],
  )
  t.same(countedIds(cohort), ['L2'])
  // The placement spell began in the short breaks; it counts from the change into care.
  t.match(cohort.items[0]?.facts, { carePeriodStart: '2020-01-06', careStart: '2022-09-30', placementStart: '2022-09-30' })
  t.match(await h.kpi(la, 'long-term-stability', D), { value: 50, numerator: 1, denominator: 2 })
  // The 2-year variant's "in care continuously for 2 years" counts from the same day.
  t.same(
    (await h.cohort(la, 'short-term-stability-2-year', D)).items.map((i) => i.childId),
    ['L1', 'L2', 'L3'],
  )
})
