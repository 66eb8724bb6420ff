import t from 'tap'
import fc from 'fast-check'
import { format903Date, parse903Date, parsePermanenceDate } from '../../../src/domain/ssda903/dates.ts'
import { fromDayNumber, toDayNumber } from '../../../src/domain/dates/calendar.ts'

t.test('parse903Date reads the forms councils send', async (t) => {
  t.equal(parse903Date('01/04/2024'), '2024-04-01')
  t.equal(parse903Date('1/4/2024'), '2024-04-01')
  t.equal(parse903Date(' 31/12/1999 '), '1999-12-31')
  t.equal(parse903Date('2024-04-01'), '2024-04-01')
  t.equal(parse903Date('29/02/2024'), '2024-02-29')
  t.equal(parse903Date('01/04/2024 00:00'), '2024-04-01')
  t.equal(parse903Date('01/04/2024 00:00:00'), '2024-04-01')
  t.equal(parse903Date('2024-04-01T00:00:00'), '2024-04-01')
})

t.test('parse903Date rejects what is not a real date', async (t) => {
  for (const s of [
    '',
    '   ',
    '29/02/2023',
    '31/04/2024',
    '00/01/2024',
    '01/13/2024',
    '01/00/2024',
    '2024-02-30',
    '01-04-2024',
    '01/04/24',
    '001/04/2024',
    '01/04/2024 13:45',
    '2024/04/01',
    'ZZ/04/2024',
    '01/04/0201',
    '01/04/2100',
    '31/12/1899',
    'not a date',
  ]) {
    t.equal(parse903Date(s), null, s)
  }
  t.equal(parse903Date('01/01/1900'), '1900-01-01', 'the first year read')
  t.equal(parse903Date('31/12/2099'), '2099-12-31', 'the last year read')
})

t.test('format903Date writes DD/MM/YYYY and refuses non-dates', async (t) => {
  t.equal(format903Date('2024-04-01'), '01/04/2024')
  t.equal(format903Date('1999-12-31'), '31/12/1999')
  t.throws(() => format903Date('2023-02-29'), RangeError)
  t.throws(() => format903Date('01/04/2024'), RangeError)
})

t.test('format903Date then parse903Date is the identity for 1900-2099', async () => {
  const first = toDayNumber('1900-01-01')
  const last = toDayNumber('2099-12-31')
  fc.assert(
    fc.property(fc.integer({ min: first, max: last }), (n) => {
      const d = fromDayNumber(n)
      return parse903Date(format903Date(d)) === d
    }),
  )
})

t.test('parsePermanenceDate: ZZ parts give the latest possible date, flagged', async (t) => {
  t.same(parsePermanenceDate('12/05/2020'), { date: '2020-05-12', approximate: false, asSent: null })
  t.same(parsePermanenceDate('zz/05/2020'), { date: '2020-05-31', approximate: true, asSent: 'ZZ/05/2020' })
  t.same(parsePermanenceDate('ZZ/02/2020'), { date: '2020-02-29', approximate: true, asSent: 'ZZ/02/2020' }, 'leap February')
  t.same(parsePermanenceDate('zz/02/2021'), { date: '2021-02-28', approximate: true, asSent: 'ZZ/02/2021' })
  t.same(parsePermanenceDate('zz/zz/2021'), { date: '2021-12-31', approximate: true, asSent: 'ZZ/ZZ/2021' })
  t.same(parsePermanenceDate('15/zz/2020'), { date: '2020-12-15', approximate: true, asSent: '15/ZZ/2020' })
  t.same(parsePermanenceDate(' Zz/Zz/zZzZ '), { date: null, approximate: true, asSent: 'ZZ/ZZ/ZZZZ' }, 'nothing known')
  t.same(parsePermanenceDate('31/zz/zzzz'), { date: null, approximate: true, asSent: '31/ZZ/ZZZZ' })
  t.same(parsePermanenceDate('29/02/zzzz'), { date: null, approximate: true, asSent: '29/02/ZZZZ' }, 'possible in a leap year')
})

t.test('parsePermanenceDate rejects what cannot be a date', async (t) => {
  for (const s of ['', 'zz', 'zz/13/2020', '32/zz/2020', '31/04/zzzz', '30/02/zzzz', '00/zz/2020', 'zz/zz/1850', 'zz/05/20', '29/02/2021', 'xx/05/2020']) {
    t.equal(parsePermanenceDate(s), null, s)
  }
})
