import t from 'tap'
import { countedIds, ep, kpiTestApp, temp } from './fixtures.ts'

/**
 * Seven children, counted by hand at D = 31 March 2025:
 * A  in care since 1 Jan 2024, in-house foster care (U4 PR1), placed in 801, 3 miles
 * B  in care since 1 Jun 2020, agency foster care (U6 PR4), placed in 802, 25 miles
 * C  came into care 1 Jun 2024 and went home on D itself (E4A): not in care on D
 * D  on a V3 short break over D: never in care
 * E  UASC, in care since 1 Nov 2024, private children's home (K2 PR4), location unknown
 * F  in care since 1 Feb 2024, in-house foster care, on holiday (T2) on D
 * G  came into care on D itself (U4 PR1, placed in 801, distance 999.9 = unknown)
 */
const h = await kpiTestApp(t)
const la = await h.la('801', 10_000)
const D = 'asAt=2025-03-31'

await h.child(la, 'A', '2010-05-01', [ep('2024-01-01', null, { placementLa: '801', placementDistance: 3 })])
await h.child(la, 'B', '2008-07-15', [ep('2020-06-01', null, { placementType: 'U6', placementProvider: 'PR4', placementLa: '802', placementDistance: 25 })], {
  sex: 'M',
})
await h.child(la, 'C', '2012-01-10', [ep('2024-06-01', '2025-03-31', { reasonEnded: 'E4A' })])
await h.child(la, 'D', '2013-02-02', [
  ep('2025-03-28', '2025-04-02', { legalStatus: 'V3', categoryOfNeed: 'N2', placementType: 'K2', placementProvider: 'PR1', reasonEnded: 'E8' }),
])
await h.child(
  la,
  'E',
  '2008-03-01',
  [ep('2024-11-01', null, { legalStatus: 'V2', placementType: 'K2', placementProvider: 'PR4', urn: 'SC123456', homePostcode: null })],
  {
    uasc: true,
    ethnicity: 'BAFR',
    sex: 'M',
  },
)
await h.child(la, 'F', '2016-09-09', [
  ep('2024-02-01', '2025-03-20'),
  temp('2025-03-20', '2025-04-05', 'T2'),
  ep('2025-04-05', null, { reasonNewEpisode: 'P' }),
])
await h.child(la, 'G', '2024-12-25', [ep('2025-03-31', null, { legalStatus: 'C1', placementLa: '801', placementDistance: 999.9 })])

t.test('children in care on D: an episode ending on D is out, one starting on D is in, short breaks are out', async (t) => {
  const r = await h.kpi(la, 'children-in-care', D)
  t.match(r, { value: 5, numerator: 5, denominator: null, cohortSize: 5, suppressed: false, period: { asAt: '2025-03-31', from: null, to: null } })
  t.same(countedIds(await h.cohort(la, 'children-in-care', D)), ['A', 'B', 'E', 'F', 'G'])
  // The day before, C is in and G is not.
  t.same(countedIds(await h.cohort(la, 'children-in-care', 'asAt=2025-03-30')), ['A', 'B', 'C', 'E', 'F'])
})

t.test('rate per 10,000 under-18s, and null without a population', async (t) => {
  t.match(await h.kpi(la, 'children-in-care-rate', D), { value: 5, numerator: 5, denominator: 10_000 })
  const other = await h.la('802')
  t.match(await h.kpi(other, 'children-in-care-rate', D), { value: null, numerator: 0, denominator: null })
})

t.test('UASC in care', async (t) => {
  t.match(await h.kpi(la, 'uasc-in-care', D), { value: 1, cohortSize: 5 })
})

t.test('admissions and cessations in the 12 months, and by reason', async (t) => {
  t.match(await h.kpi(la, 'admissions', D), { value: 3, period: { from: '2024-04-01', to: '2025-03-31' } })
  t.same(countedIds(await h.cohort(la, 'admissions', D)), ['C', 'E', 'G'])
  const ceased = await h.kpi(la, 'cessations', D)
  t.match(ceased, { value: 1, breakdown: { dimension: 'reasonEnded' } })
  t.same(
    ceased.breakdown?.rows.map((r) => [r.group, r.value, r.share]),
    [['E4A', 1, 100]],
  )
  // A collection year is the same period; from/to narrow it.
  t.match(await h.kpi(la, 'admissions', 'year=2025'), { value: 3, period: { from: '2024-04-01', to: '2025-03-31' } })
  t.match(await h.kpi(la, 'admissions', 'from=2024-07-01&to=2025-03-30'), { value: 1 })
})

t.test('placement type and provider mix, with shares', async (t) => {
  const mix = await h.kpi(la, 'placement-type-mix', D)
  t.same(
    mix.breakdown?.rows.map((r) => [r.group, r.value, r.share]),
    [
      ['K2', 1, 20],
      ['T2', 1, 20],
      ['U4', 2, 40],
      ['U6', 1, 20],
    ],
  )
  const providers = await h.kpi(la, 'provider-mix', D)
  t.same(
    providers.breakdown?.rows.map((r) => [r.group, r.value]),
    [
      ['PR1', 2],
      ['PR4', 2],
      ['none', 1],
    ],
  )
  t.match(await h.kpi(la, 'foster-placement-share', D), { value: 60, numerator: 3, denominator: 5 })
})

t.test('in-house share and its fostering and residential variants', async (t) => {
  // F is on a temporary placement with no provider: out of the cohort.
  t.match(await h.kpi(la, 'in-house-share', D), { value: 50, numerator: 2, denominator: 4 })
  t.match(await h.kpi(la, 'in-house-fostering-share', D), { value: 66.7, numerator: 2, denominator: 3 })
  t.match(await h.kpi(la, 'in-house-residential-share', D), { value: 0, numerator: 0, denominator: 1 })
})

t.test('placed inside the authority and over 20 miles, with the unknowns', async (t) => {
  t.match(await h.kpi(la, 'placed-inside-authority', D), { value: 66.7, numerator: 2, denominator: 3, cohortSize: 5, details: { unknown: 2 } })
  // E (UASC) is left out; G's 999.9 and F's blank are unknown.
  t.match(await h.kpi(la, 'placed-over-20-miles', D), { value: 50, numerator: 1, denominator: 2, cohortSize: 4, details: { unknown: 2 } })
})

t.test('breakdowns by child facts on D', async (t) => {
  const bySex = await h.kpi(la, 'children-in-care', `${D}&breakdown=sex`)
  t.same(
    bySex.breakdown?.rows.map((r) => [r.group, r.value]),
    [
      ['F', 3],
      ['M', 2],
    ],
  )
  const byAge = await h.kpi(la, 'children-in-care', `${D}&breakdown=ageBand`)
  t.same(
    byAge.breakdown?.rows.map((r) => [r.group, r.value]),
    [
      ['under-1', 1],
      ['5-9', 1],
      ['10-15', 1],
      ['16-17', 2],
    ],
  )
  const byEthnicity = await h.kpi(la, 'children-in-care', `${D}&breakdown=ethnicityGroup`)
  t.same(
    byEthnicity.breakdown?.rows.map((r) => [r.group, r.label, r.value]),
    [
      ['black', 'Black, African, Caribbean or Black British', 1],
      ['white', 'White', 4],
    ],
  )
  const byUasc = await h.kpi(la, 'children-in-care', `${D}&breakdown=uasc`)
  t.same(
    byUasc.breakdown?.rows.map((r) => [r.group, r.value]),
    [
      ['not-uasc', 4],
      ['uasc', 1],
    ],
  )
  const byLegal = await h.kpi(la, 'children-in-care', `${D}&breakdown=legalStatus`)
  t.same(
    byLegal.breakdown?.rows.map((r) => [r.group, r.value]),
    [
      ['C1', 1],
      ['C2', 3],
      ['V2', 1],
    ],
  )
})
