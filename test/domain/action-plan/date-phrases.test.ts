import t from 'tap'
import fc from 'fast-check'
import Holidays from 'date-holidays'
import { findDatePhrases, schoolTermEnd } from '../../../src/domain/action-plan/date-phrases.ts'
import { addDays, dayOfWeek } from '../../../src/domain/dates/calendar.ts'

const read = (text: string) => findDatePhrases(text).map((p) => [p.text, p.from, p.to, p.precision])

t.test('numeric dates are day first; two-digit years are 20YY', async (t) => {
  t.same(read('3/7/25'), [['3/7/25', '2025-07-03', '2025-07-03', 'day']])
  t.same(read('27/09/2025'), [['27/09/2025', '2025-09-27', '2025-09-27', 'day']])
  t.same(read('12.03.25'), [['12.03.25', '2025-03-12', '2025-03-12', 'day']])
  t.same(read('22.10.25. Discussion'), [['22.10.25', '2025-10-22', '2025-10-22', 'day']])
  t.same(read('29/7/2016 and 22.7.16'), [
    ['29/7/2016', '2016-07-29', '2016-07-29', 'day'],
    ['22.7.16', '2016-07-22', '2016-07-22', 'day'],
  ])
  t.same(read('2026-03-31'), [['2026-03-31', '2026-03-31', '2026-03-31', 'day']])
  t.same(read('31/02/2026 or 2026-02-30'), [], 'not calendar dates')
  t.same(read('3/7.25'), [], 'mixed separators')
  t.same(read('in 4.3.2 and 1.2.3.4'), [], 'refs are not dates')
})

t.test('day and month name', async (t) => {
  t.same(read('Commence by 30th June 2025'), [['30th June 2025', '2025-06-30', '2025-06-30', 'day']])
  t.same(read('on the 2nd of October 2025'), [['2nd of October 2025', '2025-10-02', '2025-10-02', 'day']])
  t.same(read('4 Mar 2026'), [['4 Mar 2026', '2026-03-04', '2026-03-04', 'day']])
  t.same(read('31st September 2025'), [['September 2025', '2025-09-01', '2025-09-30', 'month']], 'no 31 Sept: the month')
  t.same(read('first meeting 9th July.'), [], 'no year: not placed')
})

t.test('months', async (t) => {
  t.same(read('Nov 2026'), [['Nov 2026', '2026-11-01', '2026-11-30', 'month']])
  t.same(read('Feb-26:'), [['Feb-26', '2026-02-01', '2026-02-28', 'month']])
  t.same(read('Feb 2028'), [['Feb 2028', '2028-02-01', '2028-02-29', 'month']], 'leap year')
  t.same(read('Dec 25: a group'), [['Dec 25', '2025-12-01', '2025-12-31', 'month']])
  t.same(read('by Dec 25 or Jan 26.'), [
    ['Dec 25', '2025-12-01', '2025-12-31', 'month'],
    ['Jan 26', '2026-01-01', '2026-01-31', 'month'],
  ])
  t.same(read('Sept 2025'), [['Sept 2025', '2025-09-01', '2025-09-30', 'month']])
  t.same(read("Jun '26"), [["Jun '26", '2026-06-01', '2026-06-30', 'month']])
  t.same(read('End of June 2026'), [['End of June 2026', '2026-06-01', '2026-06-30', 'month']])
  t.same(read('start of March 2026'), [['start of March 2026', '2026-03-01', '2026-03-01', 'day']])
  t.same(read('mid March 2026'), [['March 2026', '2026-03-01', '2026-03-31', 'month']], '"mid of" is not written')
  t.same(read('middle of March 2026'), [['middle of March 2026', '2026-03-15', '2026-03-15', 'day']])
  t.same(read('Oct/Nov 2025'), [['Oct/Nov 2025', '2025-10-01', '2025-11-30', 'month']])
  t.same(read('September to December 2025'), [['September to December 2025', '2025-09-01', '2025-12-31', 'month']])
  t.same(read('Nov/Oct 2025'), [], 'a backwards range is not read: better flagged than guessed')
  t.same(read('first meeting 9th July. 15/7/25 - Meeting'), [['15/7/25', '2025-07-15', '2025-07-15', 'day']])
  t.same(read('July. 2025'), [['July. 2025', '2025-07-01', '2025-07-31', 'month']])
  t.same(read('Sept. 25'), [], 'after a dot only a four-digit year')
  t.same(read('Marching 2026 and Decimal 25'), [])
})

t.test('month and year in figures', async (t) => {
  t.same(read('7/25 in process'), [['7/25', '2025-07-01', '2025-07-31', 'month']])
  t.same(read('03/2026'), [['03/2026', '2026-03-01', '2026-03-31', 'month']])
  t.same(read('3/6 months after'), [])
  t.same(read('12/18 months'), [])
  t.same(read('38/52-week settings'), [])
  t.same(read('13/25'), [])
})

t.test('seasons and school terms', async (t) => {
  t.same(read('Summer 2026'), [['Summer 2026', '2026-06-01', '2026-08-31', 'season']])
  t.same(read('Spring 2026'), [['Spring 2026', '2026-03-01', '2026-05-31', 'season']])
  t.same(read('autumn 2025'), [['autumn 2025', '2025-09-01', '2025-11-30', 'season']])
  t.same(read('fall 2025'), [['fall 2025', '2025-09-01', '2025-11-30', 'season']])
  t.same(read('Winter 2027'), [['Winter 2027', '2027-12-01', '2028-02-29', 'season']])
  // Easter 2026 is 5 April: Good Friday 3 April, so the spring term ends Thursday 2 April.
  t.same(read('End of spring term 2026'), [['End of spring term 2026', '2026-01-01', '2026-04-02', 'term']])
  // 20 December 2025 is a Saturday.
  t.same(read('Autumn term 2025'), [['Autumn term 2025', '2025-09-01', '2025-12-19', 'term']])
  // 22 July 2026 is a Wednesday; the summer term starts the day after the spring term ends.
  t.same(read('summer term 2026'), [['summer term 2026', '2026-04-03', '2026-07-22', 'term']])
  t.same(read('Spring term 2025/26'), [['Spring term 2025/26', '2026-01-01', '2026-04-02', 'term']])
  t.same(read('Autumn term 2025/26'), [['Autumn term 2025/26', '2025-09-01', '2025-12-19', 'term']])
  // 22 July 2029 is a Sunday, 20 December 2026 a Sunday.
  t.equal(schoolTermEnd('summer', 2029), '2029-07-20')
  t.equal(schoolTermEnd('autumn', 2026), '2026-12-18')
})

t.test('the spring term ends the day before Good Friday (date-holidays as oracle)', async (t) => {
  const oracle = new Holidays('GB', 'ENG')
  for (let year = 2000; year <= 2040; year++) {
    const goodFriday = oracle.getHolidays(year).find((h) => h.name === 'Good Friday')
    t.equal(schoolTermEnd('spring', year), addDays((goodFriday?.date ?? '').slice(0, 10), -1), String(year))
  }
})

t.test('term ends fall on weekdays', async () => {
  fc.assert(
    fc.property(fc.integer({ min: 1900, max: 2200 }), fc.constantFrom('autumn', 'spring', 'summer' as const), (year, term) => {
      const w = dayOfWeek(schoolTermEnd(term, year))
      return w >= 1 && w <= 5
    }),
  )
})

t.test('overlapping readings: the earlier, then the longer, wins', async (t) => {
  t.same(read('Complete Nov 2025'), [['Nov 2025', '2025-11-01', '2025-11-30', 'month']])
  t.same(
    read('Commence by 30th June 2025 Dec 2025 complete').map((p) => p[0]),
    ['30th June 2025', 'Dec 2025'],
  )
  const phrases = findDatePhrases('x 30th June 2025')
  t.equal(phrases[0]?.index, 2)
})

t.test('periods outside years 1-9999 are not dates, and do not throw', async (t) => {
  t.same(read('March 0000'), [])
  t.same(read('Spring 0000 and spring term 0000'), [])
  t.same(read('Winter 9999'), [])
  t.same(read('Autumn term 0000/01'), [])
  t.same(read('Winter 9998'), [['Winter 9998', '9998-12-01', '9999-02-28', 'season']])
})
