import fc from 'fast-check'
import t from 'tap'
import { addMonths, birthdayIn, fromDayNumber, toDayNumber } from '../../../src/domain/dates/calendar.ts'
import { addWorkingDays } from '../../../src/domain/dates/working-days.ts'
import { birthdays, civilDay, dayOf, iso, plusMonths, plusWorkingDays } from '../../../scripts/demo/generator/days.ts'

const day = fc.integer({ min: toDayNumber('1850-01-01'), max: toDayNumber('2150-12-31') })

t.test('iso and dayOf agree with the calendar module', async (t) => {
  fc.assert(
    fc.property(day, (n) => {
      const s = fromDayNumber(n)
      return iso(n) === s && iso(n) === s && dayOf(s) === n && civilDay(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))) === n
    }),
  )
  t.equal(iso(toDayNumber('2024-02-29')), '2024-02-29')
  t.equal(dayOf('2026-03-31'), toDayNumber('2026-03-31'))
  t.throws(() => dayOf('2026-3-31'), RangeError)
})

t.test('birthdays follow birthdayIn, 29 February on 1 March in other years', async (t) => {
  const leap = birthdays(toDayNumber('2008-02-29'), 19)
  t.equal(iso(leap[1] as number), '2009-03-01')
  t.equal(iso(leap[4] as number), '2012-02-29')
  t.equal(iso(leap[18] as number), '2026-03-01')
  fc.assert(
    fc.property(day, fc.integer({ min: 0, max: 26 }), (n, k) => {
      const dob = fromDayNumber(n)
      return iso(birthdays(n)[k] as number) === birthdayIn(dob, Number(dob.slice(0, 4)) + k)
    }),
  )
})

t.test('plusMonths is addMonths', async (t) => {
  t.equal(iso(plusMonths(toDayNumber('2024-01-31'), 1)), '2024-02-29')
  t.equal(iso(plusMonths(toDayNumber('2024-03-31'), -1)), '2024-02-29')
  fc.assert(fc.property(day, fc.integer({ min: -300, max: 300 }), (n, m) => iso(plusMonths(n, m)) === addMonths(fromDayNumber(n), m)))
})

t.test('plusWorkingDays is addWorkingDays inside the bank-holiday calendar, weekends only outside', async (t) => {
  // Thursday 28 March 2024, before Good Friday and Easter Monday: 20 working days on is Monday 29 April.
  t.equal(iso(plusWorkingDays(toDayNumber('2024-03-28'), 20)), '2024-04-29')
  fc.assert(
    fc.property(
      fc.integer({ min: toDayNumber('2000-01-01'), max: toDayNumber('2035-10-31') }),
      fc.integer({ min: 0, max: 40 }),
      (n, k) => iso(plusWorkingDays(n, k)) === addWorkingDays(fromDayNumber(n), k),
    ),
  )
  // 2040: Friday 30 March is Good Friday, but the calendar stops in 2035, so only the weekend is skipped.
  t.equal(iso(plusWorkingDays(toDayNumber('2040-03-29'), 1)), '2040-03-30')
  t.equal(iso(plusWorkingDays(toDayNumber('1999-12-31'), 1)), '2000-01-04', 'a covered bank holiday right after the range starts')
})
