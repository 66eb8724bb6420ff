import t from 'tap'
import fc from 'fast-check'
import { addDays, dayOfWeek } from '../../../src/domain/dates/calendar.ts'
import { isWorkingDay, workingDaysBetween } from '../../../src/domain/dates/working-days.ts'
import { healthDue, ihaDeadline, nextDentalDue, nextReviewDue, type HealthCheckFact } from '../../../src/domain/health/due-dates.ts'

t.test('IHA deadline: 20 working days, the start being day 0, bank holidays skipped', async (t) => {
  // Thursday before Easter 2025: Good Friday, Easter Monday and the early May bank holiday fall inside.
  t.equal(dayOfWeek('2025-04-17'), 4)
  t.equal(ihaDeadline('2025-04-17'), '2025-05-20')
  // Christmas: 25, 26 December and 1 January skipped.
  t.equal(ihaDeadline('2024-12-23'), '2025-01-23')
  // Starting on a Saturday: four full weeks.
  t.equal(ihaDeadline('2025-03-01'), '2025-03-28')
  // The 2023 coronation day (a one-off) is skipped too.
  t.equal(ihaDeadline('2023-04-24'), '2023-05-24')
})

t.test('IHA deadline outside the bank-holiday calendar is null, not a guess', async (t) => {
  t.equal(ihaDeadline('1999-12-31'), null)
  t.equal(ihaDeadline('2035-11-25'), null)
  t.type(ihaDeadline('2035-11-24'), 'string')
})

t.test('the deadline is always a working day exactly 20 working days on', async () => {
  const start = fc.integer({ min: 0, max: 365 * 35 }).map((n) => addDays('2000-01-01', n))
  fc.assert(
    fc.property(start, (s) => {
      const d = ihaDeadline(s)
      return d !== null && isWorkingDay(d) && workingDaysBetween(s, d) === 20 && d > s
    }),
  )
})

t.test('RHA: 6 months while under 5 on the due date, 12 months from 5', async (t) => {
  t.equal(nextReviewDue('2024-12-14', '2020-06-15'), '2025-06-14', 'still 4 on the day')
  t.equal(nextReviewDue('2024-12-15', '2020-06-15'), '2025-12-15', 'turns 5 on the six-month day')
  t.equal(nextReviewDue('2024-08-31', '2022-01-01'), '2025-02-28', 'month end clamps')
  t.equal(nextReviewDue('2024-02-29', '2010-01-01'), '2025-02-28')
  t.equal(nextDentalDue('2024-02-29'), '2025-02-28')
})

const check = (
  kind: HealthCheckFact['kind'],
  date: string,
  outcome: HealthCheckFact['outcome'] = 'completed',
  immunisationsUpToDate: boolean | null = null,
): HealthCheckFact => ({
  kind,
  date,
  outcome,
  immunisationsUpToDate,
})

t.test('due dates chain within the current time in care only', async (t) => {
  const due = healthDue({
    dateOfBirth: '2012-03-01',
    asAt: '2025-03-31',
    timesInCare: [
      { startDate: '2019-01-01', endDate: '2020-01-01', carePeriodStart: '2019-01-01' },
      { startDate: '2024-01-08', endDate: null, carePeriodStart: '2024-01-08' },
    ],
    checks: [
      check('review_health_assessment', '2019-06-01'),
      check('dental_check', '2023-12-01'),
      check('initial_health_assessment', '2024-03-01'),
      check('review_health_assessment', '2025-04-01'),
      check('immunisations_review', '2024-05-01', 'completed', true),
      check('immunisations_review', '2025-01-01', 'declined'),
    ],
  })
  t.same(due, {
    asAt: '2025-03-31',
    inCare: true,
    carePeriodStart: '2024-01-08',
    careStart: '2024-01-08',
    // 20 working days from Monday 8 January 2024.
    initialHealthAssessment: { deadline: '2024-02-05', completedOn: '2024-03-01', onTime: false, overdue: false },
    // The assessment after asAt is not read; the one in the earlier period does not chain.
    reviewHealthAssessment: { lastAssessment: '2024-03-01', dueDate: '2025-03-01', overdue: true },
    nextHealthAssessment: { dueDate: '2025-03-01', overdue: true },
    // A dental check from before the period still counts for the next one.
    dentalCheck: { lastCompleted: '2023-12-01', dueDate: '2024-12-01', overdue: true },
    immunisations: { lastReview: '2024-05-01', upToDate: true },
  })
})

t.test('without an IHA: overdue after the deadline, unless a review assessment stands for it', async (t) => {
  const base = { dateOfBirth: '2012-03-01', timesInCare: [{ startDate: '2025-04-17', endDate: null, carePeriodStart: '2025-04-17' }] }
  t.match(healthDue({ ...base, asAt: '2025-05-20', checks: [] }).initialHealthAssessment, { overdue: false })
  t.match(healthDue({ ...base, asAt: '2025-05-21', checks: [] }).initialHealthAssessment, { overdue: true })
  t.same(healthDue({ ...base, asAt: '2025-05-21', checks: [check('initial_health_assessment', '2025-05-01', 'did_not_attend')] }).nextHealthAssessment, {
    dueDate: '2025-05-20',
    overdue: true,
  })
  const rha = healthDue({ ...base, asAt: '2025-06-01', checks: [check('review_health_assessment', '2025-05-01')] })
  t.same(rha.initialHealthAssessment, { deadline: '2025-05-20', completedOn: null, onTime: null, overdue: false })
  t.same(rha.reviewHealthAssessment, { lastAssessment: '2025-05-01', dueDate: '2026-05-01', overdue: false })
  t.same(rha.dentalCheck, { lastCompleted: null, dueDate: '2026-04-17', overdue: false })
})

t.test('short breaks, a time in care that ended, and one beyond the calendar', async (t) => {
  // Care from January to June 2024, short breaks from July (no time in care).
  const times = [{ startDate: '2024-01-01', endDate: '2024-06-01', carePeriodStart: '2024-01-01' }]
  t.equal(healthDue({ dateOfBirth: '2012-03-01', asAt: '2024-06-01', timesInCare: times, checks: [] }).inCare, false, 'not in care on the day it ended')
  t.equal(healthDue({ dateOfBirth: '2012-03-01', asAt: '2024-05-31', timesInCare: times, checks: [] }).inCare, true)
  t.equal(healthDue({ dateOfBirth: '2012-03-01', asAt: '2024-08-01', timesInCare: times, checks: [] }).inCare, false, 'short breaks only')
  const old = healthDue({
    dateOfBirth: '1990-03-01',
    asAt: '2000-01-10',
    timesInCare: [{ startDate: '1999-12-20', endDate: null, carePeriodStart: '1999-12-20' }],
    checks: [],
  })
  t.same(old.initialHealthAssessment, { deadline: null, completedOn: null, onTime: null, overdue: false })
  t.same(old.nextHealthAssessment, { dueDate: null, overdue: false })
})

t.test('short breaks then care in one period: the IHA deadline and the RHA chain count from the change (5b)', async (t) => {
  // V4 short breaks from January 2023; a care order from Monday 3 June 2024 (RNE L): the time in care starts then.
  const timesInCare = [{ startDate: '2024-06-03', endDate: null, carePeriodStart: '2023-01-02' }]
  const checks = [check('review_health_assessment', '2024-02-01'), check('dental_check', '2023-03-01')]
  const due = healthDue({ dateOfBirth: '2012-03-01', asAt: '2024-07-10', timesInCare, checks })
  t.match(due, { inCare: true, carePeriodStart: '2023-01-02', careStart: '2024-06-03' })
  // The assessment during the short breaks does not chain: the next is the IHA, 20 working days after 3 June 2024.
  t.same(due.initialHealthAssessment, { deadline: '2024-07-01', completedOn: null, onTime: null, overdue: true })
  t.equal(due.reviewHealthAssessment, null)
  t.same(due.nextHealthAssessment, { dueDate: '2024-07-01', overdue: true })
  const later = healthDue({ dateOfBirth: '2012-03-01', asAt: '2025-06-01', timesInCare, checks: [...checks, check('initial_health_assessment', '2024-06-20')] })
  t.same(later.reviewHealthAssessment, { lastAssessment: '2024-06-20', dueDate: '2025-06-20', overdue: false })
})

t.test('property: only the current time in care is read, whatever came before it', async () => {
  const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2015-01-01', n))
  fc.assert(
    fc.property(day, fc.integer({ min: 1, max: 900 }), fc.array(day, { maxLength: 6 }), (start, length, before) => {
      const asAt = addDays(start, length)
      const timesInCare = [{ startDate: start, endDate: null, carePeriodStart: addDays(start, -400) }]
      // Assessments before the time in care began (during short breaks) change nothing.
      const earlier = before.filter((d) => d < start).map((d) => check('review_health_assessment', d))
      const a = healthDue({ dateOfBirth: '2010-01-01', asAt, timesInCare, checks: earlier })
      const b = healthDue({ dateOfBirth: '2010-01-01', asAt, timesInCare, checks: [] })
      return JSON.stringify(a.nextHealthAssessment) === JSON.stringify(b.nextHealthAssessment) && a.nextHealthAssessment?.dueDate === ihaDeadline(start)
    }),
  )
})
