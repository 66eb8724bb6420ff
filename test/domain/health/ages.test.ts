import t from 'tap'
import fc from 'fast-check'
import { addDays, ageOn } from '../../../src/domain/dates/calendar.ts'
import { birthRangeForAges } from '../../../src/domain/health/ages.ts'

t.test('the range of dates of birth for ages 4-16 on a day', async (t) => {
  t.same(birthRangeForAges('2025-03-31', 4, 16), { bornAfter: '2008-03-31', bornOnOrBefore: '2021-03-31' })
  // 29 February: on 28 February 2025 someone born on 29 February 2008 is still 16.
  const r = birthRangeForAges('2025-02-28', 4, 16)
  t.equal(r.bornAfter, '2008-02-28')
  t.ok('2008-02-29' > r.bornAfter)
  t.equal(ageOn('2008-02-29', '2025-02-28'), 16)
  t.throws(() => birthRangeForAges('2025-03-31', 5, 4), RangeError)
  t.throws(() => birthRangeForAges('2025-03-31', -1, 4), RangeError)
})

t.test('agrees with ageOn for every date of birth and day, 29 February included', async () => {
  const day = fc.integer({ min: 0, max: 365 * 60 }).map((n) => addDays('1980-01-01', n))
  // Days near 28 February and 1 March, where the two kinds of arithmetic could part.
  const nearLeap = fc
    .tuple(fc.integer({ min: 1984, max: 2036 }), fc.constantFrom('02-27', '02-28', '02-29', '03-01', '03-02'))
    .map(([y, md]) => (md === '02-29' && y % 4 !== 0 ? `${y}-02-28` : `${y}-${md}`))
  const date = fc.oneof(day, nearLeap)
  fc.assert(
    fc.property(date, date, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 5 }), (dob, on, min, span) => {
      const { bornAfter, bornOnOrBefore } = birthRangeForAges(on, min, min + span)
      const age = ageOn(dob, on)
      const inRange = age >= min && age <= min + span
      return inRange === (dob > bornAfter && dob <= bornOnOrBefore)
    }),
    { numRuns: 5000 },
  )
})
