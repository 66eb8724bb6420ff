import t from 'tap'
import {
  carePeriods,
  chronologicalOrder,
  currentState,
  deriveCareHistory,
  isInCareOn,
  isMove,
  openEpisodeOn,
  placementSpells,
} from '../../../src/domain/care-history/index.ts'
import { careHistoryRows } from '../../../src/domain/care-history/stored.ts'
import { ep, holidayAndMove, temp } from './fixtures.ts'

t.test('a simple admission and cessation', async (t) => {
  const episodes = [ep('2024-01-10', '2024-06-30', { reasonEnded: 'E4A' })]
  t.same(carePeriods(episodes), [
    {
      index: 0,
      startDate: '2024-01-10',
      endDate: '2024-06-30',
      reasonEnded: 'E4A',
      categoryOfNeed: 'N1',
      legalStatusAtEntry: 'C2',
      placementTypeAtEntry: 'U4',
      shortBreakOnly: false,
      hasShortBreak: false,
      episodeIndexes: [0],
    },
  ])
  t.same(placementSpells(episodes), [
    {
      index: 0,
      carePeriodIndex: 0,
      startDate: '2024-01-10',
      endDate: '2024-06-30',
      placementType: 'U4',
      placementProvider: 'PR1',
      urn: null,
      placementPostcode: 'S60 1AA',
      startedByMove: true,
      episodeIndexes: [0],
      temporaryEpisodeIndexes: [],
    },
  ])
  t.equal(isMove(episodes, 0), true)
  // In care from the start date, up to the day before the end date (5a).
  t.equal(isInCareOn(episodes, '2024-01-09'), false)
  t.equal(isInCareOn(episodes, '2024-01-10'), true)
  t.equal(isInCareOn(episodes, '2024-06-29'), true)
  t.equal(isInCareOn(episodes, '2024-06-30'), false)
  t.equal(currentState(episodes, '2024-06-30'), null)
  t.same(currentState(episodes, '2024-03-01'), {
    asAt: '2024-03-01',
    inCare: true,
    shortBreak: false,
    episodeIndex: 0,
    legalStatus: 'C2',
    categoryOfNeed: 'N1',
    placementType: 'U4',
    placementProvider: 'PR1',
    placementPostcode: 'S60 1AA',
    urn: null,
    carePeriodIndex: 0,
    carePeriodStart: '2024-01-10',
    careStart: '2024-01-10',
    placementSpellIndex: 0,
    placementSpellStart: '2024-01-10',
  })
})

t.test('a holiday (T2) and the return are not moves; the change of carer is', async (t) => {
  const episodes = holidayAndMove()
  t.same(
    episodes.map((_, i) => isMove(episodes, i)),
    [true, false, false, true],
  )
  const periods = carePeriods(episodes)
  t.equal(periods.length, 1)
  t.same(periods[0]?.episodeIndexes, [0, 1, 2, 3])
  t.equal(periods[0]?.endDate, null)
  t.equal(periods[0]?.reasonEnded, null)

  const spells = placementSpells(episodes)
  t.same(
    spells.map((s) => [s.startDate, s.endDate, s.placementType, s.placementProvider, s.placementPostcode]),
    [
      ['2023-04-01', '2024-01-10', 'U4', 'PR1', 'S60 1AA'],
      ['2024-01-10', null, 'U6', 'PR4', 'S61 2BB'],
    ],
  )
  t.same(spells[0]?.episodeIndexes, [0, 1, 2])
  t.same(spells[0]?.temporaryEpisodeIndexes, [1])
  t.same(spells[1]?.episodeIndexes, [3])

  // On holiday: still in care, in the first spell, in a T2 placement with no provider.
  const onHoliday = currentState(episodes, '2023-08-10')
  t.equal(onHoliday?.episodeIndex, 1)
  t.equal(onHoliday?.placementType, 'T2')
  t.equal(onHoliday?.placementProvider, null)
  t.equal(onHoliday?.inCare, true)
  t.equal(onHoliday?.placementSpellStart, '2023-04-01')
  t.equal(onHoliday?.carePeriodStart, '2023-04-01')
  const now = currentState(episodes, '2025-03-31')
  t.equal(now?.episodeIndex, 3)
  t.equal(now?.placementSpellIndex, 1)
  t.equal(now?.placementSpellStart, '2024-01-10')
})

t.test('the order episodes are submitted in does not matter; indexes refer to the submitted list', async (t) => {
  const [a, b, c, d] = holidayAndMove()
  const episodes = [d, b, a, c].map((e) => e as NonNullable<typeof e>)
  const history = deriveCareHistory(episodes)
  t.same(history.order, [2, 1, 3, 0])
  t.same(history.carePeriods[0]?.episodeIndexes, [2, 1, 3, 0])
  t.same(
    history.placementSpells.map((s) => s.episodeIndexes),
    [[2, 1, 3], [0]],
  )
  t.same(history.placementSpells[0]?.temporaryEpisodeIndexes, [1])
  t.same(history.moves, [true, false, true, false])
  t.same(history.carePeriodOf, [0, 0, 0, 0])
  t.same(history.placementSpellOf, [1, 0, 0, 0])
  t.equal(isMove(episodes, 0), true)
  t.equal(openEpisodeOn(episodes, '2023-08-15'), 3)
  t.throws(() => isMove(episodes, 4), RangeError)
})

t.test('ties on start date: a zero-length episode sorts before its continuation, duplicates keep their order', async (t) => {
  const episodes = [ep('2024-01-01', null, { reasonNewEpisode: 'P', placementType: 'U6' }), ep('2024-01-01', '2024-01-01')]
  t.same(chronologicalOrder(episodes), [1, 0])
  t.same(chronologicalOrder([episodes[1], episodes[0]].map((e) => e as NonNullable<typeof e>)), [0, 1])
  t.equal(carePeriods(episodes).length, 1)
  t.same(chronologicalOrder([ep('2024-01-01', null), ep('2024-01-01', null)]), [0, 1])
})

t.test('a change of legal status only (L) is neither a new period nor a move', async (t) => {
  const episodes = [ep('2024-01-01', '2024-02-15', { legalStatus: 'C1' }), ep('2024-02-15', null, { reasonNewEpisode: 'L', legalStatus: 'C2' })]
  const periods = carePeriods(episodes)
  t.equal(periods.length, 1)
  t.equal(periods[0]?.legalStatusAtEntry, 'C1')
  t.equal(isMove(episodes, 1), false)
  t.same(
    placementSpells(episodes).map((s) => s.episodeIndexes),
    [[0, 1]],
  )
  t.equal(currentState(episodes, '2024-03-01')?.legalStatus, 'C2')
  t.equal(currentState(episodes, '2024-03-01')?.placementSpellStart, '2024-01-01')
})

t.test('two periods of care', async (t) => {
  const episodes = [
    ep('2020-01-01', '2020-05-01', { reasonEnded: 'E4A', categoryOfNeed: 'N4' }),
    ep('2021-03-01', '2021-09-01', { categoryOfNeed: 'N1', placementType: 'K2', placementProvider: 'PR4' }),
    ep('2021-09-01', null, { reasonNewEpisode: 'L', legalStatus: 'C1', placementType: 'K2', placementProvider: 'PR4' }),
  ]
  const periods = carePeriods(episodes)
  t.same(
    periods.map((p) => [p.index, p.startDate, p.endDate, p.reasonEnded, p.categoryOfNeed, p.placementTypeAtEntry, p.episodeIndexes]),
    [
      [0, '2020-01-01', '2020-05-01', 'E4A', 'N4', 'U4', [0]],
      [1, '2021-03-01', null, null, 'N1', 'K2', [1, 2]],
    ],
  )
  t.same(
    placementSpells(episodes).map((s) => [s.carePeriodIndex, s.startDate, s.endDate]),
    [
      [0, '2020-01-01', '2020-05-01'],
      [1, '2021-03-01', null],
    ],
  )
  t.equal(isInCareOn(episodes, '2020-12-01'), false)
  t.equal(currentState(episodes, '2022-01-01')?.carePeriodStart, '2021-03-01')
  t.equal(currentState(episodes, '2022-01-01')?.carePeriodIndex, 1)
})

t.test('a young person who stays with their carers at 18 (E17) leaves care on their birthday', async (t) => {
  // Born 20/05/2006; in care from 01/02/2019 (V2 in a children's home), then a care order and a move
  // to a foster carer (B) on 01/06/2021; leaves care on the 18th birthday, 20/05/2024, staying put.
  const episodes = [
    ep('2019-02-01', '2021-06-01', { legalStatus: 'V2', placementType: 'K2', placementProvider: 'PR4', reasonPlaceChange: 'CARPL' }),
    ep('2021-06-01', '2024-05-20', { reasonNewEpisode: 'B', legalStatus: 'C2', placementType: 'U6', reasonEnded: 'E17' }),
  ]
  const [period] = carePeriods(episodes)
  t.equal(period?.endDate, '2024-05-20')
  t.equal(period?.reasonEnded, 'E17')
  t.equal(isInCareOn(episodes, '2024-05-19'), true)
  t.equal(isInCareOn(episodes, '2024-05-20'), false)
  t.same(
    placementSpells(episodes).map((s) => [s.startDate, s.placementType]),
    [
      ['2019-02-01', 'K2'],
      ['2021-06-01', 'U6'],
    ],
  )
  // The same with E8 (ceased for any other reason) ends the period the same way.
  const e8 = episodes.map((e, i) => (i === 1 ? { ...e, reasonEnded: 'E8' } : e))
  t.equal(carePeriods(e8)[0]?.reasonEnded, 'E8')
})

t.test('V3 short breaks: each break is its own period, outside "in care"', async (t) => {
  const breakAt = (start: string, end: string) =>
    ep(start, end, { legalStatus: 'V3', categoryOfNeed: 'N2', placementType: 'K2', placementProvider: 'PR1', reasonEnded: 'E4A' })
  const episodes = [breakAt('2025-01-03', '2025-01-06'), breakAt('2025-01-17', '2025-01-20'), breakAt('2025-02-07', '2025-02-10')]
  const periods = carePeriods(episodes)
  t.equal(periods.length, 3)
  t.ok(periods.every((p) => p.shortBreakOnly && p.hasShortBreak))
  t.equal(isInCareOn(episodes, '2025-01-04'), false)
  const state = currentState(episodes, '2025-01-04')
  t.equal(state?.inCare, false)
  t.equal(state?.shortBreak, true)
  t.equal(state?.episodeIndex, 0)
})

t.test('a period mixing a V4 agreement and a care order has a short break but is not short-break only', async (t) => {
  const episodes = [ep('2024-01-01', '2024-05-01', { legalStatus: 'V4' }), ep('2024-05-01', null, { reasonNewEpisode: 'L', legalStatus: 'C1' })]
  const [period] = carePeriods(episodes)
  t.equal(period?.hasShortBreak, true)
  t.equal(period?.shortBreakOnly, false)
  t.equal(isInCareOn(episodes, '2024-04-30'), false)
  t.equal(isInCareOn(episodes, '2024-05-01'), true)
})

t.test('times in care (5b): a period is split where it changes into or out of V3/V4 short breaks', async (t) => {
  // V4 from January, a care order from May (RNE L), back to V4 in 2025 (RNE L), a care order again in July 2025.
  const episodes = [
    ep('2024-01-01', '2024-05-01', { legalStatus: 'V4' }),
    ep('2024-05-01', '2025-02-01', { reasonNewEpisode: 'L', legalStatus: 'C1' }),
    ep('2025-02-01', '2025-07-01', { reasonNewEpisode: 'L', legalStatus: 'V4' }),
    ep('2025-07-01', '2025-09-01', { reasonNewEpisode: 'L', legalStatus: 'C2' }),
    ep('2025-09-01', null, { reasonNewEpisode: 'P', legalStatus: 'C2', placementType: 'U6' }),
  ]
  const history = deriveCareHistory(episodes)
  t.equal(history.carePeriods.length, 1)
  t.same(
    history.timesInCare.map((x) => [x.startDate, x.endDate, x.episodeIndexes]),
    [
      ['2024-05-01', '2025-02-01', [1]],
      ['2025-07-01', null, [3, 4]],
    ],
  )
  t.same(history.timeInCareOf, [null, 0, null, 1, 1])
  // The current time in care starts at the latest change into care, not at the start of the period.
  t.equal(currentState(episodes, '2024-04-30')?.careStart, null)
  t.equal(currentState(episodes, '2024-12-31')?.careStart, '2024-05-01')
  t.equal(currentState(episodes, '2025-03-01')?.careStart, null)
  t.match(currentState(episodes, '2025-10-01'), { carePeriodStart: '2024-01-01', careStart: '2025-07-01' })
})

t.test('the stored episode rows carry their time in care', async (t) => {
  const episodes = [ep('2024-01-01', '2024-05-01', { legalStatus: 'V4' }), ep('2024-05-01', null, { reasonNewEpisode: 'L', legalStatus: 'C1' })]
  const rows = careHistoryRows('372', { childId: 'C1', episodes, warnings: [] }, '2025-01-01').episodeRows
  t.same(
    rows.map((r) => [r.care_start, r.care_end]),
    [
      [null, null],
      ['2024-05-01', null],
    ],
  )
})

t.test('histories with errors still derive deterministically', async (t) => {
  await t.test('a period starting with a temporary placement (380): the temporary episode has no spell', async (t) => {
    const episodes = [temp('2024-01-01', '2024-01-05', 'T1', { reasonNewEpisode: 'S' }), ep('2024-01-05', null, { reasonNewEpisode: 'P' })]
    const history = deriveCareHistory(episodes)
    t.same(history.moves, [false, false])
    t.same(history.placementSpellOf, [null, 0])
    t.equal(history.placementSpells[0]?.startedByMove, false)
    t.equal(currentState(episodes, '2024-01-02')?.placementSpellIndex, null)
    t.equal(currentState(episodes, '2024-01-02')?.placementSpellStart, null)
  })
  await t.test('an X1 with a gap before the next episode starts a new period', async (t) => {
    const episodes = [ep('2024-01-01', '2024-02-01'), ep('2024-02-05', null, { reasonNewEpisode: 'P', placementType: 'U6' })]
    const periods = carePeriods(episodes)
    t.same(
      periods.map((p) => [p.startDate, p.endDate, p.reasonEnded]),
      [
        ['2024-01-01', '2024-02-01', 'X1'],
        ['2024-02-05', null, null],
      ],
    )
  })
  await t.test('an RNE S inside an X1 chain (431) stays in the period and counts as a move', async (t) => {
    const episodes = [ep('2024-01-01', '2024-02-01'), ep('2024-02-01', null)]
    t.equal(carePeriods(episodes).length, 1)
    t.same(deriveCareHistory(episodes).moves, [true, true])
  })
  await t.test('overlapping episodes: the one that started last is the open one', async (t) => {
    const episodes = [ep('2024-01-01', null), ep('2024-02-01', null, { placementType: 'U6' })]
    t.equal(openEpisodeOn(episodes, '2024-03-01'), 1)
    t.equal(openEpisodeOn(episodes, '2024-01-15'), 0)
  })
  await t.test('blank strings count as blank', async (t) => {
    const episodes = [ep('2024-01-01', '', { reasonEnded: '' })]
    t.equal(carePeriods(episodes)[0]?.endDate, null)
    t.equal(isInCareOn(episodes, '2030-01-01'), true)
  })
  await t.test('the day asked about must be a date', async (t) => {
    t.throws(() => isInCareOn([ep('2024-01-01', null)], '2024-02-30'), RangeError)
    t.throws(() => currentState([], '31/03/2025'), RangeError)
  })
  await t.test('no episodes', async (t) => {
    t.same(carePeriods([]), [])
    t.same(placementSpells([]), [])
    t.equal(currentState([], '2024-01-01'), null)
  })
})
