import t from 'tap'
import fc from 'fast-check'
import {
  addDays,
  addMonths,
  addYears,
  ageOn,
  birthdayIn,
  collectionYearBounds,
  collectionYearLabel,
  collectionYearOf,
  compareDates,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  firstDayOfMonth,
  formatIsoDate,
  fromDayNumber,
  isIsoDate,
  isLeapYear,
  isWeekend,
  lastDayOfMonth,
  maxDate,
  minDate,
  monthEnds,
  parseIsoDate,
  periodEnds,
  type PeriodInterval,
  toDayNumber,
} from '../../../src/domain/dates/calendar.ts'

// Dates from 1900 to 2100 as strings, built through UTC (the only safe use of Date).
const isoDate = fc
  .integer({ min: Date.UTC(1900, 0, 1) / 86400000, max: Date.UTC(2100, 11, 31) / 86400000 })
  .map((n) => new Date(n * 86400000).toISOString().slice(0, 10))

t.test('isIsoDate accepts real dates only', async (t) => {
  for (const s of ['2024-02-29', '2000-02-29', '2023-12-31', '0001-01-01', '9999-12-31']) t.ok(isIsoDate(s), s)
  for (const s of [
    '2023-02-29',
    '1900-02-29',
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '0000-01-01',
    '2023-1-01',
    '2023-01-01T00:00:00Z',
    ' 2023-01-01',
    '20230101',
    '',
    'abcd-ef-gh',
  ])
    t.notOk(isIsoDate(s), s)
  t.notOk(isIsoDate(20230101))
  t.notOk(isIsoDate(null))
})

t.test('parse and format', async (t) => {
  t.same(parseIsoDate('2024-02-29'), { year: 2024, month: 2, day: 29 })
  t.throws(() => parseIsoDate('2023-02-29'), RangeError)
  t.equal(formatIsoDate(7, 3, 9), '0007-03-09')
  t.throws(() => formatIsoDate(2023, 2, 29), RangeError)
  t.throws(() => formatIsoDate(2023, 2.5, 1), RangeError)
  t.throws(() => daysInMonth(2023, 13), RangeError)
  t.equal(daysInMonth(2024, 2), 29)
  t.equal(daysInMonth(2023, 2), 28)
  t.equal(daysInMonth(2023, 4), 30)
  t.ok(isLeapYear(2000))
  t.notOk(isLeapYear(1900))
  t.ok(isLeapYear(2024))
  t.notOk(isLeapYear(2023))
})

t.test('day numbers', async (t) => {
  t.equal(toDayNumber('1970-01-01'), 0)
  t.equal(toDayNumber('1969-12-31'), -1)
  t.equal(toDayNumber('2000-03-01'), 11017)
  t.equal(fromDayNumber(11017), '2000-03-01')
  t.equal(fromDayNumber(toDayNumber('0001-01-01')), '0001-01-01')
  t.equal(fromDayNumber(toDayNumber('9999-12-31')), '9999-12-31')
  t.throws(() => fromDayNumber(toDayNumber('9999-12-31') + 1), RangeError)
  t.throws(() => fromDayNumber(toDayNumber('0001-01-01') - 1), RangeError)
  t.throws(() => fromDayNumber(1.5), RangeError)
  t.throws(() => toDayNumber('2023-02-29'), RangeError)
})

t.test('day numbers agree with Date.UTC and round-trip', async () => {
  fc.assert(
    fc.property(isoDate, (d) => {
      const [y, m, day] = d.split('-').map(Number) as [number, number, number]
      return toDayNumber(d) === Date.UTC(y, m - 1, day) / 86400000 && fromDayNumber(toDayNumber(d)) === d
    }),
    { numRuns: 2000 },
  )
})

t.test('addDays and daysBetween', async (t) => {
  t.equal(addDays('2024-02-28', 1), '2024-02-29')
  t.equal(addDays('2023-02-28', 1), '2023-03-01')
  t.equal(addDays('2024-12-31', 1), '2025-01-01')
  t.equal(addDays('2025-01-01', -1), '2024-12-31')
  t.equal(addDays('2024-03-31', 0), '2024-03-31')
  t.equal(daysBetween('2024-04-01', '2025-03-31'), 364)
  t.equal(daysBetween('2023-04-01', '2024-03-31'), 365) // includes 29 Feb 2024
  t.equal(daysBetween('2025-03-31', '2024-04-01'), -364)
  t.throws(() => addDays('2024-01-01', 0.5), RangeError)
  t.throws(() => addDays('9999-12-31', 1), RangeError)
})

t.test('addDays and daysBetween are inverse', async () => {
  fc.assert(fc.property(isoDate, fc.integer({ min: -20000, max: 20000 }), (d, n) => daysBetween(d, addDays(d, n)) === n))
  fc.assert(fc.property(isoDate, isoDate, (a, b) => addDays(a, daysBetween(a, b)) === b))
})

t.test('addMonths clamps to the month end', async (t) => {
  t.equal(addMonths('2024-01-31', 1), '2024-02-29')
  t.equal(addMonths('2023-01-31', 1), '2023-02-28')
  t.equal(addMonths('2024-03-31', -1), '2024-02-29')
  t.equal(addMonths('2024-05-31', 1), '2024-06-30')
  t.equal(addMonths('2024-11-15', 2), '2025-01-15')
  t.equal(addMonths('2025-01-15', -2), '2024-11-15')
  t.equal(addMonths('2025-03-31', -12), '2024-03-31')
  t.equal(addMonths('2025-03-31', -30), '2022-09-30')
  t.equal(addMonths('2024-08-31', -6), '2024-02-29')
  t.equal(addMonths('2024-01-15', 0), '2024-01-15')
  t.equal(addMonths('2024-01-15', -24001), '0023-12-15')
  t.throws(() => addMonths('2024-01-15', 1.5), RangeError)
  t.throws(() => addMonths('9999-12-01', 1), RangeError)
  t.throws(() => addMonths('0001-01-01', -1), RangeError)
})

t.test('addMonths properties', async () => {
  const months = fc.integer({ min: -600, max: 600 })
  fc.assert(
    fc.property(isoDate, months, (d, n) => {
      const r = parseIsoDate(addMonths(d, n))
      const s = parseIsoDate(d)
      // Lands in the right month, on the same day or clamped to that month's last day.
      return r.year * 12 + r.month === s.year * 12 + s.month + n && r.day === Math.min(s.day, daysInMonth(r.year, r.month))
    }),
  )
  // Days up to the 28th are never clamped, so the step back undoes the step forward.
  fc.assert(
    fc.property(
      isoDate.filter((d) => parseIsoDate(d).day <= 28),
      months,
      (d, n) => addMonths(addMonths(d, n), -n) === d,
    ),
  )
  // Monotonic: a later date never gives an earlier result.
  fc.assert(fc.property(isoDate, isoDate, months, (a, b, n) => (a <= b ? addMonths(a, n) <= addMonths(b, n) : true)))
})

t.test('addYears keeps 29 February in February', async (t) => {
  t.equal(addYears('2024-02-29', 1), '2025-02-28')
  t.equal(addYears('2024-02-29', 4), '2028-02-29')
  t.equal(addYears('2024-02-29', -1), '2023-02-28')
  t.equal(addYears('2023-06-15', 2), '2025-06-15')
  t.throws(() => addYears('2023-06-15', 0.5), RangeError)
  fc.assert(fc.property(isoDate, fc.integer({ min: -50, max: 50 }), (d, n) => addYears(d, n) === addMonths(d, 12 * n)))
})

t.test('birthdayIn puts 29 February on 1 March in other years', async (t) => {
  t.equal(birthdayIn('2008-02-29', 2025), '2025-03-01')
  t.equal(birthdayIn('2008-02-29', 2028), '2028-02-29')
  t.equal(birthdayIn('2008-02-29', 2100), '2100-03-01')
  t.equal(birthdayIn('2008-06-15', 2025), '2025-06-15')
  t.equal(birthdayIn('2008-02-28', 2025), '2025-02-28')
  t.throws(() => birthdayIn('2008-06-15', 2025.5), RangeError)
})

t.test('ageOn', async (t) => {
  t.equal(ageOn('2008-06-15', '2025-06-14'), 16)
  t.equal(ageOn('2008-06-15', '2025-06-15'), 17)
  t.equal(ageOn('2008-06-15', '2008-06-15'), 0)
  t.equal(ageOn('2008-06-15', '2009-06-14'), 0)
  t.equal(ageOn('2008-06-15', '2009-12-31'), 1)
  // 29 February birthdays count on 1 March in a year that is not leap.
  t.equal(ageOn('2008-02-29', '2025-02-28'), 16)
  t.equal(ageOn('2008-02-29', '2025-03-01'), 17)
  t.equal(ageOn('2008-02-29', '2024-02-28'), 15)
  t.equal(ageOn('2008-02-29', '2024-02-29'), 16)
  // Before birth the age is negative, not an error.
  t.equal(ageOn('2008-06-15', '2008-06-14'), -1)
  t.equal(ageOn('2008-06-15', '2007-06-14'), -2)
  t.throws(() => ageOn('2008-02-30', '2025-01-01'), RangeError)
})

t.test('ageOn properties', async () => {
  // Monotonic in the date.
  fc.assert(fc.property(isoDate, isoDate, isoDate, (dob, a, b) => (a <= b ? ageOn(dob, a) <= ageOn(dob, b) : true)))
  // Exactly n on the n-th birthday and n - 1 the day before.
  fc.assert(
    fc.property(isoDate, fc.integer({ min: 1, max: 30 }), (dob, n) => {
      const bd = birthdayIn(dob, parseIsoDate(dob).year + n)
      return ageOn(dob, bd) === n && ageOn(dob, addDays(bd, -1)) === n - 1
    }),
  )
})

t.test('dayOfWeek', async (t) => {
  t.equal(dayOfWeek('1970-01-01'), 4)
  t.equal(dayOfWeek('2025-04-17'), 4) // Thursday
  t.equal(dayOfWeek('2025-04-20'), 0) // Sunday
  t.equal(dayOfWeek('2025-04-19'), 6) // Saturday
  t.equal(dayOfWeek('1969-12-28'), 0) // before the epoch
  t.ok(isWeekend('2025-04-19'))
  t.ok(isWeekend('2025-04-20'))
  t.notOk(isWeekend('2025-04-21'))
  fc.assert(
    fc.property(isoDate, (d) => {
      const [y, m, day] = d.split('-').map(Number) as [number, number, number]
      return dayOfWeek(d) === new Date(Date.UTC(y, m - 1, day)).getUTCDay()
    }),
  )
})

t.test('first and last day of month', async (t) => {
  t.equal(lastDayOfMonth('2024-02-10'), '2024-02-29')
  t.equal(lastDayOfMonth('2023-02-10'), '2023-02-28')
  t.equal(lastDayOfMonth('2023-12-01'), '2023-12-31')
  t.equal(firstDayOfMonth('2023-12-31'), '2023-12-01')
})

t.test('periodEnds and monthEnds', async (t) => {
  t.same(monthEnds('2024-01-15', '2024-04-30'), ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30'])
  t.same(monthEnds('2024-01-31', '2024-04-29'), ['2024-01-31', '2024-02-29', '2024-03-31'])
  t.same(monthEnds('2024-01-10', '2024-01-20'), [])
  t.same(monthEnds('2024-05-01', '2024-01-01'), [])
  t.same(periodEnds('2024-04-01', '2025-03-31', 'quarter'), ['2024-06-30', '2024-09-30', '2024-12-31', '2025-03-31'])
  t.same(periodEnds('2024-07-01', '2024-12-30', 'quarter'), ['2024-09-30'])
  t.same(periodEnds('2021-01-01', '2025-03-31', 'year'), ['2021-03-31', '2022-03-31', '2023-03-31', '2024-03-31', '2025-03-31'])
  t.same(periodEnds('2021-04-01', '2022-03-30', 'year'), [])
  t.throws(() => periodEnds('2024-01-01', '2024-12-31', 'week' as PeriodInterval), RangeError)
  t.throws(() => monthEnds('2024-01-01', '2024-13-01'), RangeError)
  fc.assert(
    fc.property(isoDate, isoDate, fc.constantFrom<PeriodInterval>('month', 'quarter', 'year'), (a, b, interval) => {
      const ends = periodEnds(a, b, interval)
      const sorted = ends.every((e, i) => i === 0 || (ends[i - 1] as string) < e)
      const inRange = ends.every((e) => a <= e && e <= b && lastDayOfMonth(e) === e)
      return sorted && inRange
    }),
  )
})

t.test('collection years', async (t) => {
  t.equal(collectionYearOf('2025-03-31'), 2025)
  t.equal(collectionYearOf('2025-04-01'), 2026)
  t.equal(collectionYearOf('2024-12-31'), 2025)
  t.equal(collectionYearOf('2025-01-01'), 2025)
  t.same(collectionYearBounds(2025), { start: '2024-04-01', end: '2025-03-31' })
  t.equal(collectionYearLabel(2025), '2024-25')
  t.equal(collectionYearLabel(2000), '1999-00')
  t.throws(() => collectionYearBounds(2025.5), RangeError)
  fc.assert(
    fc.property(isoDate, (d) => {
      const { start, end } = collectionYearBounds(collectionYearOf(d))
      return start <= d && d <= end
    }),
  )
})

t.test('compare, min and max', async (t) => {
  t.equal(compareDates('2024-01-01', '2024-01-02'), -1)
  t.equal(compareDates('2024-01-02', '2024-01-01'), 1)
  t.equal(compareDates('2024-01-01', '2024-01-01'), 0)
  t.throws(() => compareDates('2024-1-1', '2024-01-01'), RangeError)
  t.same(['2025-01-01', '2023-05-06', '2024-02-29'].sort(compareDates), ['2023-05-06', '2024-02-29', '2025-01-01'])
  t.equal(minDate('2025-01-01', '2023-05-06', '2024-02-29'), '2023-05-06')
  t.equal(maxDate('2025-01-01', '2023-05-06', '2024-02-29'), '2025-01-01')
  t.equal(minDate('2025-01-01'), '2025-01-01')
  t.equal(maxDate('2023-01-01', '2025-01-01'), '2025-01-01')
  t.throws(() => maxDate('2023-01-01', 'nope'), RangeError)
})
