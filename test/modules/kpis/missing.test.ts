import t from 'tap'
import { countedIds, ep, kpiTestApp } from './fixtures.ts'

/** Missing from care and return home interviews (5c) at D = 31 March 2025, on hand-built histories. */
const h = await kpiTestApp(t)
const la = await h.la('824')
const D = 'asAt=2025-03-31'

let seq = 0
const missing = (childId: string, type: 'M' | 'A', start: string, end: string | null) =>
  h.insert('missing_episodes', [{ la, child_id: childId, seq: ++seq, missing_type: type, start_date: start, end_date: end }])
let record = 0
const interview = (childId: string, missingStart: string, offeredOn: string | null, response: string | null = null) =>
  h.insert('return_home_interviews', [{ la, record_id: `RHI${++record}`, child_id: childId, missing_start: missingStart, offered_on: offeredOn, response }])

// In care all year: three M episodes in the 12 months, one the day before them; an A episode.
await h.child(la, 'M1', '2010-01-01', [ep('2020-01-01', null)])
await missing('M1', 'M', '2024-03-31', '2024-04-01') // starts on D minus 12 months: not in the 12 months; ends in them
await missing('M1', 'M', '2024-06-01', '2024-06-02')
await missing('M1', 'M', '2025-01-10', '2025-01-12')
await missing('M1', 'M', '2025-03-30', null) // still missing on D
await missing('M1', 'A', '2024-08-01', '2024-08-01')
// Left care on the window's first day (1 April 2024): not in care during the 12 months.
await h.child(la, 'M2', '2010-01-01', [ep('2020-01-01', '2024-04-01', { reasonEnded: 'E4A' })])
// Left care on 2 April 2024: in care on 1 April, so in the cohort; away only.
await h.child(la, 'M3', '2010-01-01', [ep('2020-01-01', '2024-04-02', { reasonEnded: 'E4A' })])
await missing('M3', 'A', '2024-04-01', '2024-04-01')
// Admitted on D: in the cohort; one M episode ending on D.
await h.child(la, 'M4', '2010-01-01', [ep('2025-03-31', null)])
await missing('M4', 'M', '2025-03-31', '2025-03-31')
// Short breaks only (V3): never in the cohort.
await h.child(la, 'M5', '2010-01-01', [ep('2024-06-01', null, { legalStatus: 'V3', categoryOfNeed: 'N2' })])
await missing('M5', 'M', '2024-07-01', '2024-07-02')

// Interviews. M1's episode ending 1 April 2024: offered on the third day after (4 April): within 72 hours, accepted.
await interview('M1', '2024-03-31', '2024-04-04', 'accepted')
// Ending 2 June 2024: offered on the fourth day after (6 June): not within 72 hours; declined.
await interview('M1', '2024-06-01', '2024-06-06', 'declined')
// Ending 12 January 2025: no interview. M4's, ending on D: offered after D, not known at D.
await interview('M4', '2025-03-31', '2025-04-01', 'accepted')
// M5's (a short-break child's) episode ended in the 12 months: interviews count every M episode, offered the day it ended.
await interview('M5', '2024-07-01', '2024-07-02')

t.test('children missing and away, of those in care on a day of the 12 months', async (t) => {
  const cohort = (await h.cohort(la, 'missing-children', D)).items.map((i) => i.childId).sort()
  t.same(cohort, ['M1', 'M3', 'M4'])
  t.same(countedIds(await h.cohort(la, 'missing-children', D)), ['M1', 'M4'])
  t.match(await h.kpi(la, 'missing-children', D), { numerator: 2, denominator: 3, value: 66.7 })
  t.same(countedIds(await h.cohort(la, 'away-children', D)), ['M1', 'M3'])
  // A episodes never count as missing episodes.
  t.match(await h.kpi(la, 'missing-episodes', D), { value: 4, cohortSize: 3 })
  t.match(await h.kpi(la, 'missing-episodes-per-child', D), { numerator: 4, denominator: 2, value: 2 })
})

t.test('return home interviews: M episodes ended in the 12 months, offered by the third day after MIS_END', async (t) => {
  const k = await h.kpi(la, 'return-interviews-offered-72-hours', D)
  t.match(k, { cohortSize: 5, denominator: 5, numerator: 2, value: 40 })
  const rows = (await h.cohort(la, 'return-interviews-offered-72-hours', D)).items
  t.same(
    rows.filter((r) => r.counted).map((r) => r.facts.missingEnd),
    ['2024-04-01', '2024-07-02'],
  )
  // Accepted, of the episodes with an offer on or before D: three offers (M4's is after D), one accepted.
  t.match(await h.kpi(la, 'return-interviews-accepted', D), { denominator: 3, numerator: 1 })
  // The next day M4's offer (the day after its episode ended) counts.
  t.match(await h.kpi(la, 'return-interviews-offered-72-hours', 'asAt=2025-04-01'), { numerator: 2, denominator: 4 })
})

t.test('missing KPIs are not on the scorecard but have series and breakdowns', async (t) => {
  const card = await h.call(h.reader, { method: 'GET', url: `/v1/authorities/${la}/scorecard?${D}` })
  t.notOk(
    card
      .json<{ items: Array<{ id: string }> }>()
      .items.map((i) => i.id)
      .includes('missing-children'),
  )
  const series = await h.call(h.reader, {
    method: 'GET',
    url: `/v1/authorities/${la}/kpis/missing-episodes/series?from=2024-04-01&to=2025-03-31&interval=quarter`,
  })
  t.equal(series.statusCode, 200)
  t.match(await h.kpi(la, 'missing-children', `${D}&breakdown=legalStatus`), { breakdown: { dimension: 'legalStatus' } })
})
