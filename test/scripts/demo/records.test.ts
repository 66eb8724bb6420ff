import fc from 'fast-check'
import t from 'tap'
import { toDayNumber } from '../../../src/domain/dates/calendar.ts'
import { careLeaverFor } from '../../../scripts/demo/generator/care-leavers.ts'
import type { CareSpan } from '../../../scripts/demo/generator/care-leavers.ts'
import { birthdays, iso } from '../../../scripts/demo/generator/days.ts'
import { healthChecksFor, sdqReturnsFor, splitTotal } from '../../../scripts/demo/generator/health.ts'
import type { RecordContext } from '../../../scripts/demo/generator/health.ts'
import { createRandom } from '../../../scripts/demo/generator/random.ts'

const d = toDayNumber

function context(dob: string, seed = 'r'): RecordContext {
  let n = 0
  return {
    random: createRandom(seed),
    childId: 'C1',
    birthdays: birthdays(d(dob)),
    windowStart: d('2016-04-01'),
    endDay: d('2026-03-31'),
    nextId: (kind) => `${kind}-${++n}`,
  }
}

t.test('SDQ subscales: four parts of 0-10 adding up to the total', async (t) => {
  const random = createRandom('split')
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 40 }), (total) => {
      const parts = splitTotal(random, total)
      return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 10) && parts.reduce((a, b) => a + b) === total
    }),
  )
  t.same(splitTotal(random, 40), [10, 10, 10, 10])
  t.same(splitTotal(random, 0), [0, 0, 0, 0])
})

t.test('health checks for a toddler in care for three years', async (t) => {
  const ctx = context('2020-06-15')
  const checks = healthChecksFor(ctx, [{ start: d('2021-01-04'), end: d('2024-01-10'), categoryOfNeed: 'N1' }])
  t.ok(
    checks.every((h) => h.date >= '2021-01-04' && h.date < '2024-01-10'),
    'inside the period',
  )
  const iha = checks.filter((h) => h.kind === 'initial_health_assessment' && h.outcome === 'completed')
  t.ok(iha.length <= 1)
  const rha = checks.filter((h) => h.kind === 'review_health_assessment' && h.outcome === 'completed')
  // Under 5 throughout: reviews about every 6 months, so 4 to 7 of them in three years.
  t.ok(rha.length >= 4 && rha.length <= 7, `${rha.length} reviews`)
  t.ok(checks.some((h) => h.kind === 'development_assessment'))
  t.equal(new Set(checks.map((h) => h.recordId)).size, checks.length)
})

t.test('health checks stop at the end of the extract and start at its beginning', async (t) => {
  const ctx = context('2008-01-01')
  const checks = healthChecksFor(ctx, [{ start: d('2012-05-01'), end: d('2027-01-01'), categoryOfNeed: 'N1' }])
  t.ok(checks.length > 10)
  t.ok(checks.every((h) => h.date >= '2016-04-01' && h.date <= '2026-03-31'))
  t.equal(checks.filter((h) => h.kind === 'initial_health_assessment').length, 0, 'admitted before the extract: no IHA in it')
  t.equal(checks.filter((h) => h.kind === 'development_assessment').length, 0, 'over 5')
})

t.test('SDQs: yearly from the first anniversary, ages 4-16 only', async (t) => {
  const ctx = context('2010-09-01')
  const returns = sdqReturnsFor(ctx, [{ start: d('2012-03-01'), end: d('2026-06-01'), categoryOfNeed: 'N2' }])
  // Anniversaries from March 2017 (in the extract, aged 6) to March 2026 (aged 15): ten, less any pushed past the end.
  t.ok(returns.length >= 9 && returns.length <= 10, `${returns.length} returns`)
  t.ok(returns.every((s) => s.date >= '2017-03-01' && s.date <= '2026-03-31'))
  t.ok(
    returns.some((s) => s.reasonCode !== null),
    'a disabled child: some returns give a reason',
  )
})

// The care-leaver rules (domain doc 5b) on hand-built care.
const DOB = '2004-06-10' // 14 on 2018-06-10, 16 on 2020-06-10, 18 on 2022-06-10
const span = (start: string, end: string | null, reasonEnded: string | null): CareSpan => ({
  start: d(start),
  end: end === null ? null : d(end),
  reasonEnded: end === null ? null : reasonEnded,
})

t.test('care leavers: who counts', async (t) => {
  const leaver = (spans: CareSpan[]) => careLeaverFor(context(DOB), spans)
  t.equal(leaver([]), null)
  t.equal(leaver([span('2019-01-01', '2020-06-01', 'E4A')]), null, 'left before 16')
  t.equal(leaver([span('2019-01-01', '2021-01-01', 'E3')]), null, 'care transferred')
  t.equal(leaver([span('2019-01-01', '2021-01-01', 'E2')]), null, 'died')
  t.equal(leaver([span('2019-01-01', '2021-01-01', 'E45')])?.eligibility, 'qualifying', 'special guardianship at 16')
  t.equal(leaver([span('2020-05-01', '2020-07-01', 'E4A')])?.eligibility, 'qualifying', '61 days since 14: not eligible')
  const formerRelevant = leaver([span('2017-01-01', '2022-06-10', 'E17')])
  t.equal(formerRelevant?.eligibility, 'former_relevant')
  // 2 days from the 14th birthday (the 90 before it do not count), then 89 across the 16th: 91 in all.
  const twoPeriods = (lastDay: string) => leaver([span('2018-03-12', '2018-06-12', 'E4A'), span('2020-05-01', lastDay, 'E4A')])
  t.equal(twoPeriods('2020-07-29')?.eligibility, 'former_relevant', '91 days')
  t.equal(twoPeriods('2020-07-28')?.eligibility, 'qualifying', '90 days')
  const ctx = context('2009-01-01')
  t.equal(careLeaverFor(ctx, [span('2023-01-01', null, null)])?.eligibility, 'eligible', 'in care at 17 on the end date')
  t.equal(careLeaverFor(ctx, [span('2025-06-01', '2025-09-01', 'E4A')])?.eligibility, 'relevant', 'left at 16, 17 on the end date')
  t.equal(careLeaverFor(context('2012-01-01'), [span('2025-06-01', null, null)]), null, 'in care at 14')
})

t.test('care leavers: contacts after care, near the 17th-21st birthdays; plans reviewed', async (t) => {
  const cl = careLeaverFor(context(DOB, 'contacts'), [span('2017-01-01', '2022-06-10', 'E17')])
  if (cl === null) throw new Error('expected a care leaver')
  const contacts = cl.contacts.map((c) => c.date)
  t.ok(contacts.every((x) => x > '2022-06-10' && x <= '2026-03-31'))
  // Birthdays 19, 20 and 21 fall after care ended and before the extract's end (2023, 2024, 2025).
  for (const year of [2023, 2024, 2025]) {
    t.ok(
      contacts.some((x) => x >= `${year}-04-11` && x <= `${year}-07-05`),
      `a contact around the ${year} birthday`,
    )
  }
  t.ok(cl.pathwayPlans.length >= 1)
  const first = cl.pathwayPlans[0]
  t.ok(first !== undefined && first.date >= '2020-06-10', 'first plan at 16 or later')
  const reviews = cl.pathwayPlans.flatMap((p) => [p.date, ...p.reviews])
  t.same(reviews, [...reviews].sort())
  t.ok(reviews.every((r) => r <= '2026-03-31'))
  t.equal(iso(d('2020-01-01')), '2020-01-01')
})
