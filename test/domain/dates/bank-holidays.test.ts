import t from 'tap'
import Holidays from 'date-holidays'
import {
  BANK_HOLIDAY_FIRST_YEAR,
  BANK_HOLIDAY_LAST_YEAR,
  bankHolidayRange,
  bankHolidays,
  bankHolidaysWithNames,
  easterSunday,
  isBankHoliday,
} from '../../../src/domain/dates/bank-holidays.ts'
import { addDays, dayOfWeek } from '../../../src/domain/dates/calendar.ts'

const oracle = new Holidays('GB', 'ENG')

/**
 * Where date-holidays (3.x) is wrong for England and Wales, checked against the published gov.uk
 * calendar and the proclamations: it keeps the 2002 and 2012 spring bank holidays on the last Monday
 * in May and misses the 2002 Golden Jubilee and the 2011 royal wedding.
 */
const ORACLE_CORRECTIONS: Record<number, { remove: string[]; add: string[] }> = {
  2002: { remove: ['2002-05-27'], add: ['2002-06-03', '2002-06-04'] },
  2011: { remove: [], add: ['2011-04-29'] },
  2012: { remove: ['2012-05-28'], add: ['2012-06-04'] },
}

function oracleYear(year: number): { weekdays: string[]; weekendCount: number } {
  // Its dates read 'YYYY-MM-DD 00:00:00'; and it lists a holiday that falls on a weekend on the day itself
  // as well as its substitute day, while the bank holiday is only the substitute.
  const dates = oracle
    .getHolidays(year)
    .filter((h) => h.type === 'public')
    .map((h) => h.date.slice(0, 10))
  const weekend = (d: string): boolean => dayOfWeek(d) === 0 || dayOfWeek(d) === 6
  return { weekdays: dates.filter((d) => !weekend(d)), weekendCount: dates.filter(weekend).length }
}

t.test('matches date-holidays for every year 2000-2035, with documented corrections', async (t) => {
  for (let year = BANK_HOLIDAY_FIRST_YEAR; year <= BANK_HOLIDAY_LAST_YEAR; year++) {
    const { weekdays, weekendCount } = oracleYear(year)
    const fix = ORACLE_CORRECTIONS[year] ?? { remove: [], add: [] }
    const expected = [...weekdays.filter((d) => !fix.remove.includes(d)), ...fix.add].sort()
    t.same(bankHolidays(year), expected, `bank holidays ${year}`)
    // Each holiday the oracle puts on a weekend is matched by one substitute day of ours.
    const substitutes = bankHolidaysWithNames(year).filter((h) => h.name.includes('substitute')).length
    t.equal(substitutes, weekendCount, `substitute days ${year}`)
  }
})

t.test('every list is sorted, unique and on weekdays', async (t) => {
  for (let year = BANK_HOLIDAY_FIRST_YEAR; year <= BANK_HOLIDAY_LAST_YEAR; year++) {
    const days = bankHolidays(year)
    t.ok(
      days.every((d, i) => i === 0 || (days[i - 1] as string) < d),
      `sorted and unique ${year}`,
    )
    t.ok(
      days.every((d) => dayOfWeek(d) >= 1 && dayOfWeek(d) <= 5 && d.startsWith(`${year}-`)),
      `weekdays ${year}`,
    )
    t.ok(
      days.every((d) => isBankHoliday(d)),
      `isBankHoliday agrees ${year}`,
    )
  }
})

t.test('published dates, written by hand', async (t) => {
  t.same(bankHolidays(2025), ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'])
  t.same(
    bankHolidaysWithNames(2020).find((h) => h.date === '2020-05-08'),
    { date: '2020-05-08', name: 'Early May bank holiday' },
  )
  t.notOk(isBankHoliday('2020-05-04'), 'the first Monday of May 2020 was moved to VE day')
  t.same(bankHolidays(2022), [
    '2022-01-03',
    '2022-04-15',
    '2022-04-18',
    '2022-05-02',
    '2022-06-02',
    '2022-06-03',
    '2022-08-29',
    '2022-09-19',
    '2022-12-26',
    '2022-12-27',
  ])
  t.notOk(isBankHoliday('2022-05-30'), 'spring bank holiday 2022 moved to 2 June')
  t.same(bankHolidays(2023), ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'])
  t.same(
    bankHolidays(2002).filter((d) => d < '2002-07-01'),
    ['2002-01-01', '2002-03-29', '2002-04-01', '2002-05-06', '2002-06-03', '2002-06-04'],
  )
  t.same(
    bankHolidays(2012).filter((d) => d >= '2012-05-01' && d <= '2012-06-30'),
    ['2012-05-07', '2012-06-04', '2012-06-05'],
  )
  t.ok(isBankHoliday('2011-04-29'))
  // Christmas on a Saturday: substitutes Monday 27th and Tuesday 28th.
  t.same(bankHolidaysWithNames(2021).slice(-2), [
    { date: '2021-12-27', name: 'Christmas Day (substitute day)' },
    { date: '2021-12-28', name: 'Boxing Day (substitute day)' },
  ])
  t.same(bankHolidays(2027).slice(-2), ['2027-12-27', '2027-12-28'])
  // Christmas on a Sunday: Boxing Day keeps Monday 26th, Christmas moves to Tuesday 27th.
  t.same(bankHolidaysWithNames(2022).slice(-2), [
    { date: '2022-12-26', name: 'Boxing Day' },
    { date: '2022-12-27', name: 'Christmas Day (substitute day)' },
  ])
  // Boxing Day on a Saturday: Monday 28th.
  t.same(bankHolidaysWithNames(2020).slice(-2), [
    { date: '2020-12-25', name: 'Christmas Day' },
    { date: '2020-12-28', name: 'Boxing Day (substitute day)' },
  ])
  // New Year's Day on a Saturday (2000) and a Sunday (2017): Monday.
  t.equal(bankHolidays(2000)[0], '2000-01-03')
  t.equal(bankHolidays(2017)[0], '2017-01-02')
  t.notOk(isBankHoliday('2017-01-01'), 'the Sunday itself is not a bank holiday')
  t.notOk(isBankHoliday('2025-04-20'), 'Easter Sunday is not a bank holiday')
  t.notOk(isBankHoliday('2025-06-02'))
})

t.test('Easter', async (t) => {
  const known: Record<number, string> = {
    2000: '2000-04-23',
    2008: '2008-03-23',
    2011: '2011-04-24',
    2019: '2019-04-21',
    2024: '2024-03-31',
    2025: '2025-04-20',
    2026: '2026-04-05',
    2035: '2035-03-25',
    2038: '2038-04-25',
    1818: '1818-03-22',
  }
  for (const [year, date] of Object.entries(known)) t.equal(easterSunday(Number(year)), date, `Easter ${year}`)
  for (let year = BANK_HOLIDAY_FIRST_YEAR; year <= BANK_HOLIDAY_LAST_YEAR; year++) {
    const easter = easterSunday(year)
    t.equal(dayOfWeek(easter), 0, `Easter ${year} is a Sunday`)
    t.ok(isBankHoliday(addDays(easter, -2)) && isBankHoliday(addDays(easter, 1)), `Good Friday and Easter Monday ${year}`)
  }
})

t.test('the covered range is explicit', async (t) => {
  t.same(bankHolidayRange, { firstYear: 2000, lastYear: 2035, first: '2000-01-01', last: '2035-12-31' })
  t.throws(() => bankHolidays(1999), RangeError)
  t.throws(() => bankHolidays(2036), RangeError)
  t.throws(() => bankHolidays(2025.5), RangeError)
  t.throws(() => isBankHoliday('1999-12-31'), { name: 'RangeError', message: /2000-2035/ })
  t.throws(() => isBankHoliday('2036-01-01'), RangeError)
  t.throws(() => isBankHoliday('2025-02-30'), RangeError)
  t.ok(isBankHoliday('2035-12-25'))
  t.notOk(isBankHoliday('2000-01-01'))
})

t.test('results are copies', async (t) => {
  const list = bankHolidaysWithNames(2025)
  ;(list[0] as { date: string }).date = 'changed'
  list.pop()
  t.equal(bankHolidays(2025).length, 8)
  t.equal(bankHolidays(2025)[0], '2025-01-01')
})
