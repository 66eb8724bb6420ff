import t from 'tap'
import { checkPathwayPlan, latestPlanActivity, pathwayPlanStatus } from '../../../src/domain/care-leavers/pathway-plan.ts'
import { checkAllocation } from '../../../src/domain/care-leavers/personal-advisers.ts'

t.test('the latest plan or review on or before the day', async (t) => {
  const plans = [
    { planDate: '2023-05-01', reviewDates: ['2023-11-01', '2024-04-30'] },
    { planDate: '2024-06-15', reviewDates: ['2025-01-10'] },
  ]
  t.equal(latestPlanActivity(plans, '2025-03-31'), '2025-01-10')
  t.equal(latestPlanActivity(plans, '2025-01-09'), '2024-06-15')
  t.equal(latestPlanActivity(plans, '2024-05-01'), '2024-04-30')
  t.equal(latestPlanActivity(plans, '2023-04-30'), null)
  t.equal(latestPlanActivity([], '2025-03-31'), null)
})

t.test('in date when after the day minus 6 months, month ends clamped', async (t) => {
  t.same(pathwayPlanStatus(null, '2025-03-31'), { status: 'none', nextReviewDue: null })
  t.same(pathwayPlanStatus('2024-08-31', '2025-03-31'), { status: 'overdue', nextReviewDue: '2025-02-28' }, 'reviewed 7 months ago')
  t.same(pathwayPlanStatus('2024-10-01', '2025-03-31'), { status: 'in_date', nextReviewDue: '2025-04-01' })
  t.same(pathwayPlanStatus('2024-09-30', '2025-03-31'), { status: 'overdue', nextReviewDue: '2025-03-30' }, 'exactly 6 months')
  // 31 August minus 6 months is 28 February.
  t.equal(pathwayPlanStatus('2025-02-28', '2025-08-31').status, 'overdue')
  t.equal(pathwayPlanStatus('2025-03-01', '2025-08-31').status, 'in_date')
})

t.test('plan and review dates are checked', async (t) => {
  const today = '2025-06-30'
  const dob = '2006-04-01'
  const fields = (planDate: string, reviewDates: string[]) => checkPathwayPlan({ planDate, reviewDates }, dob, today).map((i) => `${i.field}: ${i.message}`)
  t.same(fields('2024-01-01', ['2024-07-01', '2024-01-01']), [])
  t.same(fields('2024-01-01', ['2023-12-31', '2026-01-01', '2006-01-01']), [
    'reviews/0: is before the plan it reviews',
    'reviews/1: is in the future',
    "reviews/2: is before the child's date of birth",
  ])
  t.same(fields('2026-01-01', []), ['planDate: is in the future'])
})

t.test('personal adviser allocations', async (t) => {
  const today = '2025-06-30'
  const dob = '2006-04-01'
  const fields = (allocatedOn: string, endedOn: string | null) => checkAllocation({ allocatedOn, endedOn }, dob, today).map((i) => `${i.field}: ${i.message}`)
  t.same(fields('2024-01-01', null), [])
  t.same(fields('2024-01-01', '2024-01-01'), [])
  t.same(fields('2024-01-01', '2023-12-31'), ['endedOn: is before allocatedOn'])
  t.same(fields('2024-01-01', '2025-07-01'), ['endedOn: is in the future'])
  t.same(fields('2025-07-01', null), ['allocatedOn: is in the future'])
})
