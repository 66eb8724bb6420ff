import t from 'tap'
import { movementRow } from '../../../src/domain/care-history/movements.ts'

const counts = { periodStart: '2025-04-01', periodEnd: '2025-04-30', startCount: 100, admissions: 3, cessations: 10, endCount: 93 }

t.test('without suppression every count is shown', async (t) => {
  t.same(movementRow(counts, false), {
    periodStart: '2025-04-01',
    periodEnd: '2025-04-30',
    start: 100,
    admissions: 3,
    cessations: 10,
    end: 93,
    netChange: -7,
    suppressed: false,
  })
})

t.test('a small flow withholds both flows and the net change', async (t) => {
  t.match(movementRow(counts, true), { start: 100, admissions: null, cessations: null, end: 93, netChange: null, suppressed: true })
  t.match(movementRow({ ...counts, admissions: 0, cessations: 7, endCount: 93 }, true), { admissions: 0, cessations: 7, netChange: -7, suppressed: false })
})
