import t from 'tap'
import fc from 'fast-check'
import { addDays, dayOfWeek, toDayNumber, fromDayNumber } from '../../../src/domain/dates/calendar.ts'
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../../src/domain/dates/working-days.ts'

t.test('isWorkingDay', async (t) => {
  t.ok(isWorkingDay('2025-04-17'), 'Thursday')
  t.notOk(isWorkingDay('2025-04-18'), 'Good Friday')
  t.notOk(isWorkingDay('2025-04-19'), 'Saturday')
  t.notOk(isWorkingDay('2025-04-20'), 'Sunday')
  t.notOk(isWorkingDay('2025-04-21'), 'Easter Monday')
  t.ok(isWorkingDay('2025-04-22'), 'Tuesday')
  t.notOk(isWorkingDay('2022-09-19'), 'state funeral')
  t.notOk(isWorkingDay('2021-12-28'), 'Boxing Day substitute')
  t.throws(() => isWorkingDay('1999-12-25'), RangeError, 'outside the calendar, even at a weekend')
  t.throws(() => isWorkingDay('2036-01-02'), RangeError)
})

t.test('IHA deadline for a child entering care before Easter 2025', async (t) => {
  // Start Thursday 17 April 2025 = day 0. Fri 18 (Good Friday), Sat 19, Sun 20 and Mon 21 (Easter
  // Monday) do not count. Working days: 1 Tue 22/4, 2 Wed 23, 3 Thu 24, 4 Fri 25, 5 Mon 28, 6 Tue 29,
  // 7 Wed 30, 8 Thu 1/5, 9 Fri 2; Mon 5 May is the early May bank holiday; 10 Tue 6, 11 Wed 7,
  // 12 Thu 8, 13 Fri 9, 14 Mon 12, 15 Tue 13, 16 Wed 14, 17 Thu 15, 18 Fri 16, 19 Mon 19, 20 Tue 20 May.
  t.equal(addWorkingDays('2025-04-17', 20), '2025-05-20')
  t.equal(addWorkingDays('2025-04-17', 1), '2025-04-22')
  t.equal(addWorkingDays('2025-04-17', 9), '2025-05-02')
  t.equal(addWorkingDays('2025-04-17', 10), '2025-05-06')
  t.equal(workingDaysBetween('2025-04-17', '2025-05-20'), 20)
  t.equal(workingDaysBetween('2025-04-17', '2025-05-19'), 19)
})

t.test('addWorkingDays edges', async (t) => {
  t.equal(addWorkingDays('2025-04-19', 0), '2025-04-19', 'day 0 is the start, even at a weekend')
  t.equal(addWorkingDays('2025-04-19', 1), '2025-04-22', 'from a Saturday before Easter Monday')
  t.equal(addWorkingDays('2025-12-24', 1), '2025-12-29', 'over Christmas, Boxing Day and a weekend')
  t.equal(addWorkingDays('2021-12-24', 1), '2021-12-29', 'over the 2021 substitute days')
  t.equal(addWorkingDays('2025-01-03', 5), '2025-01-10', 'a plain week')
  t.throws(() => addWorkingDays('2025-01-03', -1), RangeError)
  t.throws(() => addWorkingDays('2025-01-03', 1.5), RangeError)
  t.throws(() => addWorkingDays('2025-02-30', 0), RangeError)
  t.throws(() => addWorkingDays('2035-12-20', 20), RangeError, 'runs past the end of the calendar')
})

t.test('workingDaysBetween edges', async (t) => {
  t.equal(workingDaysBetween('2025-04-17', '2025-04-17'), 0)
  t.equal(workingDaysBetween('2025-04-17', '2025-04-21'), 0, 'Good Friday to Easter Monday')
  t.equal(workingDaysBetween('2025-05-20', '2025-04-17'), -20, 'reversed arguments change the sign')
  // 2025 starts and ends on a Wednesday: 52 weeks and a day, so 261 weekdays, less 8 bank holidays = 253.
  // The count excludes a (1 January), which is a bank holiday anyway.
  t.equal(workingDaysBetween('2025-01-01', '2025-12-31'), 253)
  t.equal(workingDaysBetween('2024-12-31', '2025-12-31'), 253)
  t.equal(workingDaysBetween('2025-01-02', '2025-12-31'), 252, 'a = 2 January, a working day, is not counted')
  t.throws(() => workingDaysBetween('1999-12-30', '2000-01-05'), RangeError)
})

const covered = fc.integer({ min: toDayNumber('2000-01-01'), max: toDayNumber('2034-12-31') }).map((n) => fromDayNumber(n))

t.test('properties', async () => {
  fc.assert(
    fc.property(covered, fc.integer({ min: 1, max: 120 }), (start, n) => {
      const end = addWorkingDays(start, n)
      return isWorkingDay(end) && end > start && workingDaysBetween(start, end) === n
    }),
    { numRuns: 300 },
  )
  // The result is the first date with n working days after the start: the day before has n - 1.
  fc.assert(
    fc.property(covered, fc.integer({ min: 1, max: 60 }), (start, n) => {
      const end = addWorkingDays(start, n)
      return workingDaysBetween(start, addDays(end, -1)) === n - 1
    }),
    { numRuns: 300 },
  )
  fc.assert(
    fc.property(covered, covered, (a, b) => workingDaysBetween(a, b) === -workingDaysBetween(b, a)),
    { numRuns: 50 },
  )
  // Never more working days than weekdays.
  fc.assert(
    fc.property(covered, fc.integer({ min: 0, max: 365 }), (a, n) => {
      const b = addDays(a, n)
      let weekdays = 0
      for (let i = 1; i <= n; i++) if (dayOfWeek(addDays(a, i)) % 6 !== 0) weekdays++
      const w = workingDaysBetween(a, b)
      return w <= weekdays && w >= weekdays - Math.ceil((n + 1) / 365) * 10
    }),
    { numRuns: 100 },
  )
})
