import t from 'tap'
import { addWorkingDays } from '../../../src/domain/dates/working-days.ts'
import { countedIds, ep, kpiTestApp } from './fixtures.ts'

/** Health KPIs at D = 31 March 2025 (5b), on one authority's hand-built histories. */
const h = await kpiTestApp(t)
const la = await h.la('821')
const D = 'asAt=2025-03-31'

let record = 0
type Check = [kind: string, date: string, outcome?: string, upToDate?: boolean]
async function checks(childId: string, list: Check[]) {
  await h.insert(
    'health_checks',
    list.map(([kind, date, outcome = 'completed', upToDate]) => ({
      la,
      record_id: `R${++record}`,
      child_id: childId,
      kind,
      date,
      outcome,
      immunisations_up_to_date: upToDate ?? null,
    })),
  )
}

// The health cohort: in care on D in a time in care begun on or before 31 March 2024.
await h.child(la, 'H1', '2012-05-01', [ep('2023-01-01', null)])
await checks('H1', [
  ['initial_health_assessment', '2023-01-20'],
  ['review_health_assessment', '2024-01-10'],
  ['review_health_assessment', '2025-01-05'],
  ['dental_check', '2024-06-01'],
  ['immunisations_review', '2024-12-01', 'completed', true],
])
// Admitted exactly 12 months before D: in the cohort. Its assessment on that day is not "in the 12 months".
await h.child(la, 'H2', '2010-02-02', [ep('2024-03-31', null)])
await checks('H2', [
  ['review_health_assessment', '2024-03-31'],
  ['dental_check', '2025-03-31', 'did_not_attend'],
  ['immunisations_review', '2024-06-01', 'completed', true],
  ['immunisations_review', '2025-02-01', 'completed', false],
])
// A day short of 12 months: not in the cohort. Admitted on Easter Monday 2024: IHA due 29 April, done that day.
await h.child(la, 'H3', '2010-02-02', [ep('2024-04-01', null)])
await checks('H3', [['initial_health_assessment', '2024-04-29']])
// Under 5 on D: a development assessment counts; reviews every 6 months.
await h.child(la, 'H4', '2021-06-01', [ep('2022-01-01', null)])
await checks('H4', [
  ['review_health_assessment', '2024-02-15'],
  ['review_health_assessment', '2024-09-01'],
  ['development_assessment', '2024-10-01'],
])
// Turns 5 on D: out of the development cohort. Two assessments on one day are one.
await h.child(la, 'H5', '2020-03-31', [ep('2022-01-01', null)])
await checks('H5', [
  ['development_assessment', '2024-12-01'],
  ['initial_health_assessment', '2024-02-20'],
  ['review_health_assessment', '2024-02-20'],
])
// Short breaks then care in the same period of care: in care since the change on 1 February 2023, so in the
// health cohort (5b counts the time in care from that change); no assessment.
await h.child(la, 'H6', '2011-01-01', [
  ep('2023-01-01', '2023-02-01', { legalStatus: 'V3', categoryOfNeed: 'N2' }),
  ep('2023-02-01', null, { reasonNewEpisode: 'L', categoryOfNeed: 'N2' }),
])
// Left care before the review fell due: that due is not counted.
await h.child(la, 'H7', '2011-01-01', [ep('2023-06-01', '2024-09-01', { reasonEnded: 'E4A' })])
await checks('H7', [['review_health_assessment', '2023-12-01']])

// IHA timeliness. Admitted Friday 20 December 2024: the 20th working day, over Christmas, Boxing Day and
// New Year's Day, is Wednesday 22 January 2025.
await h.child(la, 'I1', '2014-01-01', [ep('2024-12-20', null)])
await checks('I1', [['initial_health_assessment', '2025-01-22']])
await h.child(la, 'I2', '2014-01-01', [ep('2024-12-20', null)])
await checks('I2', [['initial_health_assessment', '2025-01-23']])
// Deadline after D (17 April 2025): not yet due, even though done.
await h.child(la, 'I3', '2014-01-01', [ep('2025-03-20', null)])
await checks('I3', [['initial_health_assessment', '2025-03-25']])
// Left care before the deadline with no IHA: still counts, as late.
await h.child(la, 'I4', '2014-01-01', [ep('2024-06-03', '2024-06-10', { reasonEnded: 'E4A' })])
// Did not attend is never an assessment.
await h.child(la, 'I5', '2014-01-01', [ep('2024-05-01', null)])
await checks('I5', [['initial_health_assessment', '2024-05-10', 'did_not_attend']])

t.test('the working-day deadline the test relies on', async (t) => {
  t.equal(addWorkingDays('2024-12-20', 20), '2025-01-22')
  t.equal(addWorkingDays('2024-04-01', 20), '2024-04-29')
})

t.test('health assessment, dental check, immunisations: completed records in the 12 months', async (t) => {
  const cohort = ['H1', 'H2', 'H4', 'H5', 'H6']
  const assessed = await h.cohort(la, 'health-assessments', D)
  t.same(
    assessed.items.map((i) => i.childId),
    cohort,
  )
  t.same(countedIds(assessed), ['H1', 'H4'])
  t.match(await h.kpi(la, 'health-assessments', D), { value: 40, numerator: 2, denominator: 5, period: { from: '2024-04-01', to: '2025-03-31' } })
  t.match(await h.kpi(la, 'dental-checks', D), { value: 20, numerator: 1, denominator: 5 })
  t.same(countedIds(await h.cohort(la, 'immunisations-up-to-date', D)), ['H1'])
  t.match((await h.cohort(la, 'immunisations-up-to-date', D)).items.find((i) => i.childId === 'H2')?.facts, { latestStatusDate: '2025-02-01', upToDate: false })
})

t.test('development assessments: under 5 on D (a child turning 5 on D is not)', async (t) => {
  t.match(await h.kpi(la, 'development-assessments', D), { value: 100, numerator: 1, denominator: 1 })
  t.same(
    (await h.cohort(la, 'development-assessments', D)).items.map((i) => i.childId),
    ['H4'],
  )
})

t.test('IHA within 20 working days, over bank holidays; not-yet-due admissions apart', async (t) => {
  t.match(await h.kpi(la, 'iha-on-time', D), { value: 40, numerator: 2, denominator: 5, cohortSize: 6, details: { notYetDue: 1 } })
  const cohort = await h.cohort(la, 'iha-on-time', D)
  t.same(countedIds(cohort), ['H3', 'I1'])
  t.match(cohort.items.find((i) => i.childId === 'I2')?.facts, { admission: '2024-12-20', deadline: '2025-01-22', initialHealthAssessment: '2025-01-23' })
  t.match(
    cohort.items.find((i) => i.childId === 'I3'),
    { inDenominator: false, note: 'notYetDue', facts: { deadline: '2025-04-17' } },
  )
})

t.test('RHA by the due date: dues chained from assessments, 6-monthly under 5', async (t) => {
  // H2's review falls due on D itself and has not been done: due in the period, not on time.
  t.match(await h.kpi(la, 'rha-on-time', D), { value: 20, numerator: 1, denominator: 5 })
  const cohort = await h.cohort(la, 'rha-on-time', D)
  t.same(
    cohort.items.map((i) => [i.childId, i.facts.assessed, i.facts.due, i.counted]),
    [
      ['H1', '2024-01-10', '2025-01-10', true],
      ['H2', '2024-03-31', '2025-03-31', false],
      ['H4', '2024-02-15', '2024-08-15', false],
      ['H4', '2024-09-01', '2025-03-01', false],
      ['H5', '2024-02-20', '2024-08-20', false],
    ],
  )
})

t.test('health assessment overdue at D', async (t) => {
  const cohort = await h.cohort(la, 'health-assessment-overdue', D)
  t.same(
    cohort.items.map((i) => i.childId),
    ['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'I1', 'I2', 'I3', 'I5'],
  )
  // H2's review is due on D itself: not yet overdue.
  t.same(countedIds(cohort), ['H4', 'H5', 'H6', 'I5'])
  t.match(cohort.items.find((i) => i.childId === 'H2')?.facts, { latestAssessment: '2024-03-31', nextDue: '2025-03-31' })
  t.match(await h.kpi(la, 'health-assessment-overdue', D), { value: 40, numerator: 4, denominator: 10 })
})
