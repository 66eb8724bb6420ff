import t from 'tap'
import { careEvents, movements } from '../../../src/domain/care-history/index.ts'
import type { Episode } from '../../../src/domain/care-history/index.ts'
import { ep, temp } from './fixtures.ts'

const march = (day: number): string => `2025-03-${String(day).padStart(2, '0')}`

/**
 * March 2025 for 488 children in care on 28 February:
 * - 469 stay in care all month: 430 untouched, 20 move carer (P), 10 change legal status (L), 5 go on
 *   holiday (T2) and come back, and 4 leave care on 1 April (after the month ends);
 * - 19 leave care in March, on 1 to 19 March, one of them on 31 March instead of the 19th (ended on
 *   the 31st: not in care on the 31st);
 * plus 10 admitted in March (on the 1st, the 3rd to 10th and the 31st), still in care at its end;
 * plus children who must not count: 6 on V3 short breaks in March, 3 who left care on 28 February
 * (not in care that day), 2 admitted on 1 April, and 1 admitted and leaving before March.
 * So March: start 488, admissions 10, cessations 19, end 479.
 */
function marchChildren(): Episode[][] {
  const children: Episode[][] = []
  for (let k = 0; k < 430; k++) children.push([ep('2023-06-01', null)])
  for (let k = 0; k < 20; k++) {
    children.push([
      ep('2023-06-01', march(5 + (k % 20)), { reasonPlaceChange: 'CARPL' }),
      ep(march(5 + (k % 20)), null, { reasonNewEpisode: 'P', placementType: 'U6', placementPostcode: 'S61 2BB' }),
    ])
  }
  for (let k = 0; k < 10; k++) {
    children.push([ep('2024-11-01', march(12), { legalStatus: 'C1' }), ep(march(12), null, { reasonNewEpisode: 'L', legalStatus: 'C2' })])
  }
  for (let k = 0; k < 5; k++) {
    children.push([ep('2022-01-01', march(10)), temp(march(10), march(17)), ep(march(17), null, { reasonNewEpisode: 'P' })])
  }
  for (let k = 0; k < 4; k++) children.push([ep('2024-01-01', '2025-04-01', { reasonEnded: 'E4A' })])
  for (let day = 1; day <= 19; day++) {
    children.push([ep('2023-01-15', day === 19 ? march(31) : march(day), { reasonEnded: 'E13' })])
  }
  for (const day of [1, 3, 4, 5, 6, 7, 8, 9, 10, 31]) children.push([ep(march(day), null)])
  for (let k = 0; k < 6; k++) {
    children.push([ep(march(2 + k), march(5 + k), { legalStatus: 'V3', categoryOfNeed: 'N2', reasonEnded: 'E4A' })])
  }
  for (let k = 0; k < 3; k++) children.push([ep('2024-09-01', '2025-02-28', { reasonEnded: 'E4A' })])
  for (let k = 0; k < 2; k++) children.push([ep('2025-04-01', null)])
  children.push([ep('2024-12-01', '2025-01-15', { reasonEnded: 'E4B' })])
  return children
}

t.test('a month with 10 admissions and 19 cessations from 488 children ends with 479', async (t) => {
  const children = marchChildren()
  t.same(movements(children, '2025-03', '2025-03'), [
    { month: '2025-03', monthStart: '2025-03-01', monthEnd: '2025-03-31', start: 488, admissions: 10, cessations: 19, end: 479 },
  ])
  // Around it: February starts with the 3 who leave on 28 February and ends where March starts;
  // April starts at 479, admits 2 and loses the 4.
  const rows = movements(children, '2025-02', '2025-04')
  t.same(
    rows.map((r) => [r.month, r.start, r.admissions, r.cessations, r.end]),
    [
      ['2025-02', 491, 0, 3, 488],
      ['2025-03', 488, 10, 19, 479],
      ['2025-04', 479, 2, 4, 477],
    ],
  )
})

t.test('months can be given as dates; an empty range gives no rows', async (t) => {
  const children = [[ep('2024-01-10', '2024-03-05', { reasonEnded: 'E4A' })]]
  t.same(
    movements(children, '2024-01-31', '2024-03-01').map((r) => [r.month, r.monthEnd, r.start, r.admissions, r.cessations, r.end]),
    [
      ['2024-01', '2024-01-31', 0, 1, 0, 1],
      ['2024-02', '2024-02-29', 1, 0, 0, 1],
      ['2024-03', '2024-03-31', 1, 0, 1, 0],
    ],
  )
  t.same(movements(children, '2024-05', '2024-04'), [])
  t.throws(() => movements(children, '2024-13', '2024-12'), RangeError)
  t.throws(() => movements(children, 'March', '2024-12'), RangeError)
  t.throws(() => movements(children, '2024-02-30', '2024-12'), RangeError)
})

t.test('careEvents: admissions and cessations of one child', async (t) => {
  await t.test('a period with a move has one admission and one cessation', async (t) => {
    const episodes = [
      ep('2024-01-01', '2024-02-01', { reasonPlaceChange: 'CARPL' }),
      ep('2024-02-01', '2024-06-01', { reasonNewEpisode: 'P', placementType: 'U6', reasonEnded: 'E4A' }),
    ]
    t.same(careEvents(episodes), [
      { kind: 'admission', date: '2024-01-01', episodeIndex: 0, carePeriodIndex: 0, shortBreakChange: false },
      { kind: 'cessation', date: '2024-06-01', episodeIndex: 1, carePeriodIndex: 0, shortBreakChange: false },
    ])
  })
  await t.test('V3 short breaks are neither admissions nor cessations', async (t) => {
    t.same(careEvents([ep('2024-01-01', '2024-01-04', { legalStatus: 'V3', reasonEnded: 'E4A' })]), [])
  })
  await t.test('a V4 agreement turning into a care order is an admission when the order starts', async (t) => {
    const episodes = [
      ep('2024-01-01', '2024-05-01', { legalStatus: 'V4' }),
      ep('2024-05-01', '2024-09-01', { reasonNewEpisode: 'L', legalStatus: 'C1' }),
      ep('2024-09-01', '2024-12-01', { reasonNewEpisode: 'L', legalStatus: 'V4', reasonEnded: 'E4A' }),
    ]
    t.same(careEvents(episodes), [
      { kind: 'admission', date: '2024-05-01', episodeIndex: 1, carePeriodIndex: 0, shortBreakChange: true },
      { kind: 'cessation', date: '2024-09-01', episodeIndex: 1, carePeriodIndex: 0, shortBreakChange: true },
    ])
    t.same(
      movements([episodes], '2024-05', '2024-09').map((r) => [r.start, r.admissions, r.cessations, r.end]),
      [
        [0, 1, 0, 1],
        [1, 0, 0, 1],
        [1, 0, 0, 1],
        [1, 0, 0, 1],
        [1, 0, 1, 0],
      ],
    )
  })
  await t.test('an episode with a reason but no end date is not a cessation', async (t) => {
    t.same(
      careEvents([ep('2024-01-01', null, { reasonEnded: 'E4A' })]).map((e) => e.kind),
      ['admission'],
    )
  })
})
