import t from 'tap'
import { addMonths, addYears, dayOf, parseDmy } from '../../../src/domain/dfe-rules/dates.ts'

t.test('day numbers agree with the calendar for every day from 1900 to 2100', async (t) => {
  let bad = 0
  for (let day = Date.UTC(1900, 0, 1) / 86_400_000; day <= Date.UTC(2100, 11, 31) / 86_400_000; day++) {
    const dt = new Date(day * 86_400_000)
    const s = `${dt.getUTCDate()}/${dt.getUTCMonth() + 1}/${dt.getUTCFullYear()}`
    if (parseDmy(s) !== day || dayOf(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()) !== day) bad++
  }
  t.equal(bad, 0)
})

t.test('dates the validator would not read are NaN; years and months added as pandas adds them', async (t) => {
  for (const s of ['31/02/2024', '2024-01-01', '1/13/2024', '00/01/2024', '', ' 01/01/2024', null]) t.ok(Number.isNaN(parseDmy(s)), String(s))
  t.equal(addYears(parseDmy('29/02/2008'), 10), parseDmy('28/02/2018'), '29 February + 10 years: 28 February')
  t.equal(addYears(parseDmy('29/02/2008'), 4), parseDmy('29/02/2012'))
  t.equal(addMonths(parseDmy('31/01/2024'), 1), parseDmy('29/02/2024'), 'clipped to the month end')
  t.equal(addMonths(parseDmy('15/11/2024'), 3), parseDmy('15/02/2025'))
  t.ok(Number.isNaN(addYears(NaN, 1)))
})
