import t from 'tap'
import { countedIds, ep, kpiTestApp, temp } from './fixtures.ts'

/** Placement stability at D = 31 March 2025, counted by hand (5a). */
const h = await kpiTestApp(t)
const D = 'asAt=2025-03-31'

// A move to another carer: RNE P, a new placement postcode.
const move = (start: string, end: string | null, fields = {}) =>
  ep(start, end, { reasonNewEpisode: 'P', placementPostcode: `S6${start.slice(6, 7)} ${start.slice(9, 10)}AB`, reasonPlaceChange: null, ...fields })

t.test('short-term stability: 3 or more placements in the 12 months to D', async (t) => {
  const la = await h.la('811')
  // 1 (in care on 1 April 2024) + moves on 1 Jun and 1 Sep = 3.
  await h.child(la, 'S1', '2012-01-01', [ep('2023-01-01', '2024-06-01'), move('2024-06-01', '2024-09-01'), move('2024-09-01', null)])
  // A move on the window's first day is the placement held at the start, not another one: 1 + 1 = 2.
  await h.child(la, 'S2', '2012-01-01', [ep('2023-01-01', '2024-04-01'), move('2024-04-01', '2024-10-01'), move('2024-10-01', null)])
  // Admitted on the window's first day: in care then (1), plus two moves = 3.
  await h.child(la, 'S3', '2012-01-01', [ep('2024-04-01', '2024-05-01'), move('2024-05-01', '2024-06-01'), move('2024-06-01', null)])
  // Admitted after the first day: the admission is a move (S): 0 + 3 = 3.
  await h.child(la, 'S4', '2012-01-01', [ep('2024-05-01', '2024-08-01'), move('2024-08-01', '2024-12-01'), move('2024-12-01', null)])
  // A holiday (T2) and the return from it are not moves: 1 + 1 (November) = 2.
  await h.child(la, 'S5', '2012-01-01', [
    ep('2023-01-01', '2024-07-01'),
    temp('2024-07-01', '2024-07-14', 'T2'),
    ep('2024-07-14', '2024-11-01', { reasonNewEpisode: 'P' }),
    move('2024-11-01', null),
  ])
  // Legal-status-only changes (L) and a same-carer change (T) are not moves: 1 + 1 = 2.
  await h.child(la, 'S6', '2012-01-01', [
    ep('2023-01-01', '2024-05-01', { legalStatus: 'C1' }),
    ep('2024-05-01', '2024-06-01', { reasonNewEpisode: 'L' }),
    move('2024-06-01', '2024-09-01'),
    ep('2024-09-01', '2024-10-01', { reasonNewEpisode: 'L', legalStatus: 'E1', placementPostcode: 'S66 1AB' }),
    ep('2024-10-01', null, { reasonNewEpisode: 'T', legalStatus: 'E1', placementType: 'U6', placementProvider: 'PR4', placementPostcode: 'S66 1AB' }),
  ])
  // B (legal status and carer together) is a move: 1 + 2 = 3.
  await h.child(la, 'S7', '2012-01-01', [
    ep('2023-01-01', '2024-06-01', { legalStatus: 'C1' }),
    move('2024-06-01', '2024-12-01', { reasonNewEpisode: 'B' }),
    move('2024-12-01', null),
  ])
  // Left care before D: not in the cohort.
  await h.child(la, 'S8', '2012-01-01', [
    ep('2024-01-01', '2024-05-01'),
    move('2024-05-01', '2024-06-01'),
    move('2024-06-01', '2025-01-01', { reasonEnded: 'E4A' }),
  ])

  t.match(await h.kpi(la, 'short-term-stability', D), { value: 57.1, numerator: 4, denominator: 7, period: { from: '2024-04-01', to: '2025-03-31' } })
  const cohort = await h.cohort(la, 'short-term-stability', D)
  t.same(countedIds(cohort), ['S1', 'S3', 'S4', 'S7'])
  t.match(cohort.items.find((i) => i.childId === 'S2')?.facts, { windowStart: '2024-04-01', inCareOnWindowStart: true, moves: ['2024-10-01'], placements: 2 })
  t.match(cohort.items.find((i) => i.childId === 'S4')?.facts, { inCareOnWindowStart: false, moves: ['2024-05-01', '2024-08-01', '2024-12-01'], placements: 3 })

  // The 2-year variant: children in care since 31 March 2023 or before (S1, S2, S5, S6, S7), window from 1 April 2023.
  t.match(await h.kpi(la, 'short-term-stability-2-year', D), { value: 60, numerator: 3, denominator: 5, period: { from: '2023-04-01' } })
  t.same(countedIds(await h.cohort(la, 'short-term-stability-2-year', D)), ['S1', 'S2', 'S7'])
})

t.test('long-term stability: under 16, in care 2.5 years, same placement 2 years or placed for adoption', async (t) => {
  const la = await h.la('812')
  // In care 2.5 years to the day (D minus 30 months = 30 Sep 2022), never moved: in, and counted.
  await h.child(la, 'L1', '2012-01-01', [ep('2022-09-30', null)])
  // One day short of 2.5 years: out.
  await h.child(la, 'L2', '2012-01-01', [ep('2022-10-01', null)])
  // Turns 16 on D: out. The day after, a year younger: in.
  await h.child(la, 'L3', '2009-03-31', [ep('2020-01-01', null)])
  await h.child(la, 'L4', '2009-04-01', [ep('2020-01-01', '2023-04-01'), move('2023-04-01', null)])
  // Same placement since exactly D minus 24 months: counted.
  await h.child(la, 'L5', '2011-06-01', [ep('2021-01-01', '2023-03-31'), move('2023-03-31', null)])
  // Placed for adoption in June 2024 after a placement that began in January 2023: counted.
  await h.child(la, 'L6', '2018-01-01', [
    ep('2021-06-01', '2023-01-01'),
    move('2023-01-01', '2024-06-01', { placementType: 'U6', placementProvider: 'PR4' }),
    move('2024-06-01', null, { reasonNewEpisode: 'B', legalStatus: 'E1', placementType: 'A6', placementProvider: 'PR1' }),
  ])
  // The same, but the placement before adoption began in June 2023: not counted.
  await h.child(la, 'L7', '2018-01-01', [
    ep('2021-06-01', '2023-06-01'),
    move('2023-06-01', '2024-06-01', { placementType: 'U6', placementProvider: 'PR4' }),
    move('2024-06-01', null, { reasonNewEpisode: 'B', legalStatus: 'E1', placementType: 'A6', placementProvider: 'PR1' }),
  ])
  // A holiday placement and a legal-status-only change leave the placement unbroken: counted.
  await h.child(la, 'L8', '2013-01-01', [
    ep('2020-01-01', '2024-01-01', { legalStatus: 'C1' }),
    ep('2024-01-01', '2024-08-01', { reasonNewEpisode: 'L' }),
    temp('2024-08-01', '2024-08-10', 'T2'),
    ep('2024-08-10', null, { reasonNewEpisode: 'P' }),
  ])

  t.match(await h.kpi(la, 'long-term-stability', D), { value: 66.7, numerator: 4, denominator: 6 })
  const cohort = await h.cohort(la, 'long-term-stability', D)
  t.same(
    cohort.items.map((i) => i.childId),
    ['L1', 'L4', 'L5', 'L6', 'L7', 'L8'],
  )
  t.same(countedIds(cohort), ['L1', 'L5', 'L6', 'L8'])
  t.match(cohort.items.find((i) => i.childId === 'L6')?.facts, { placedForAdoption: true, placementStart: '2024-06-01', previousPlacementStart: '2023-01-01' })
  t.match(cohort.items.find((i) => i.childId === 'L4')?.facts, { age: 15, carePeriodStart: '2020-01-01', placementStart: '2023-04-01' })
})
