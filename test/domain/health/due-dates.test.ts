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

t.test('due dates chain within the current period of care only', async (t) => {
  const due = healthDue({
    dateOfBirth: '2012-03-01',
    asAt: '2025-03-31',
    carePeriods: [
      { startDate: '2019-01-01', endDate: '2020-01-01', shortBreakOnly: false },
      { startDate: '2024-01-08', endDate: null, shortBreakOnly: false },
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
  const base = { dateOfBirth: '2012-03-01', carePeriods: [{ startDate: '2025-04-17', endDate: null, shortBreakOnly: false }] }
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

t.test('short breaks, a period that ended, and a period beyond the calendar', async (t) => {
  const periods = [
    { startDate: '2024-01-01', endDate: '2024-06-01', shortBreakOnly: false },
    { startDate: '2024-07-01', endDate: null, shortBreakOnly: true },
  ]
  t.equal(healthDue({ dateOfBirth: '2012-03-01', asAt: '2024-06-01', carePeriods: periods, checks: [] }).inCare, false, 'not in care on the day it ended')
  t.equal(healthDue({ dateOfBirth: '2012-03-01', asAt: '2024-05-31', carePeriods: periods, checks: [] }).inCare, true)
  t.equal(healthDue({ dateOfBirth: '2012-03-01', asAt: '2024-08-01', carePeriods: periods, checks: [] }).inCare, false, 'short breaks only')
  const old = healthDue({
    dateOfBirth: '1990-03-01',
    asAt: '2000-01-10',
    carePeriods: [{ startDate: '1999-12-20', endDate: null, shortBreakOnly: false }],
    checks: [],
  })
  t.same(old.initialHealthAssessment, { deadline: null, completedOn: null, onTime: null, overdue: false })
  t.same(old.nextHealthAssessment, { dueDate: null, overdue: false })
})
