import t from 'tap'
import { checkHealthCheck, type ChildFacts, type HealthCheckInput } from '../../../src/domain/health/checks.ts'
import { checkEventDate } from '../../../src/domain/health/issues.ts'

const TODAY = '2025-06-30'
const child: ChildFacts = { dateOfBirth: '2021-03-10', firstLookedAfter: '2024-02-01' }
const input = (fields: Partial<HealthCheckInput> = {}): HealthCheckInput => ({
  kind: 'initial_health_assessment',
  date: '2024-02-20',
  outcome: 'completed',
  clinicianRole: null,
  immunisationsUpToDate: null,
  ...fields,
})
const fields = (i: HealthCheckInput, c = child) => checkHealthCheck(i, c, TODAY).map((x) => `${x.field}: ${x.message}`)

t.test('event dates: not in the future, not before birth', async (t) => {
  t.same(checkEventDate('date', '2025-06-30', '2021-03-10', TODAY), [])
  t.same(checkEventDate('date', '2021-03-10', '2021-03-10', TODAY), [], 'the day of birth is fine')
  t.same(checkEventDate('date', '2025-07-01', '2021-03-10', TODAY), [{ field: 'date', message: 'is in the future', severity: 'error' }])
  t.same(checkEventDate('x', '2021-03-09', '2021-03-10', TODAY), [{ field: 'x', message: "is before the child's date of birth", severity: 'error' }])
})

t.test('an IHA needs the child to have been looked after by then', async (t) => {
  t.same(fields(input()), [])
  t.same(fields(input({ date: '2024-02-01' })), [], 'on the first day of care')
  t.same(fields(input({ date: '2024-01-31' })), ['date: is before the child was first looked after (short breaks do not count)'])
  t.same(fields(input(), { ...child, firstLookedAfter: null }), ['date: an initial health assessment needs a period of care, and the child has none on record'])
  t.same(fields(input({ kind: 'dental_check', date: '2023-01-31' })), [], 'other checks may come before care')
  t.same(fields(input({ date: '2026-01-01' })), ['date: is in the future'], 'one date error at a time')
})

t.test('development assessments are for under-5s', async (t) => {
  t.same(fields(input({ kind: 'development_assessment', date: '2026-03-09' })), ['date: is in the future'])
  t.same(fields(input({ kind: 'development_assessment', date: '2025-06-30' })), [])
  t.same(fields(input({ kind: 'development_assessment', date: '2026-03-10' }), child).length, 1)
  t.same(
    checkHealthCheck(input({ kind: 'development_assessment', date: '2025-03-10' }), { ...child, dateOfBirth: '2020-03-10' }, TODAY).map((i) => i.field),
    ['kind'],
  )
})

t.test('immunisations up to date: on an immunisations review only, required when completed', async (t) => {
  t.same(fields(input({ kind: 'immunisations_review', immunisationsUpToDate: false })), [])
  t.same(fields(input({ kind: 'immunisations_review' })), ['immunisationsUpToDate: is required on a completed immunisations review'])
  t.same(fields(input({ kind: 'immunisations_review', outcome: 'did_not_attend' })), [])
  t.same(fields(input({ kind: 'optician', immunisationsUpToDate: true })), ['immunisationsUpToDate: is only given on an immunisations review'])
})
