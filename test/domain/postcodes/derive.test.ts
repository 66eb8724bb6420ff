import fc from 'fast-check'
import t from 'tap'
import { COUNTY_OF_DISTRICT, DFE_CODE_OF_UPPER_TIER } from '../../../src/domain/postcodes/authorities.ts'
import {
  derivedPlacementChanges,
  derivePlacement,
  postcodeKey,
  placementAuthority,
  placementDistance,
  placementLocation,
  roundToTenth,
  type StoredEpisodePostcodes,
} from '../../../src/domain/postcodes/derive.ts'

t.test('PL_LA: the DfE code of the upper tier, SCO/NIR/WAL outside England, null when unknown', async (t) => {
  t.equal(placementAuthority('E08000018'), '372', 'a metropolitan district is its own upper tier (Rotherham)')
  t.equal(placementAuthority('E06000014'), '816', 'a unitary (York)')
  t.equal(placementAuthority('E09000033'), '213', 'a London borough (Westminster)')
  t.equal(placementAuthority('E07000170'), '891', 'a shire district takes its county (Ashfield: Nottinghamshire)')
  t.equal(placementAuthority('E10000024'), '891', 'a county code itself')
  t.equal(placementAuthority('e08000018 '), '372', 'case and spaces do not matter')
  t.equal(placementAuthority('W06000015'), 'WAL')
  t.equal(placementAuthority('S12000036'), 'SCO')
  t.equal(placementAuthority('N09000003'), 'NIR')
  t.equal(placementAuthority('E06000999'), null, 'a code the tables do not know')
  t.equal(placementAuthority('L99999999'), null, 'the Channel Islands')
  t.equal(placementAuthority('M99999999'), null, 'the Isle of Man')
  t.equal(placementAuthority(null), null)
})

t.test('the April 2023 reorganisation: old districts and new unitaries resolve to the DfE codes of their time', async (t) => {
  t.equal(placementAuthority('E07000026'), '909', 'Allerdale, in Cumbria before April 2023')
  t.equal(placementAuthority('E06000063'), '942', 'Cumberland')
  t.equal(placementAuthority('E06000064'), '943', 'Westmorland and Furness')
  t.equal(placementAuthority('E07000163'), '815', 'Craven, in North Yorkshire before April 2023')
  t.equal(placementAuthority('E06000065'), '815', 'North Yorkshire as a unitary keeps its code')
  t.equal(placementAuthority('E06000066'), '933', 'Somerset as a unitary keeps its code')
})

t.test('the code tables hold together', async (t) => {
  const dfeCodes = Object.values(DFE_CODE_OF_UPPER_TIER)
  t.ok(
    dfeCodes.every((c) => /^\d{3}$/.test(c)),
    'DfE codes are three digits',
  )
  t.ok(
    Object.keys(DFE_CODE_OF_UPPER_TIER).every((c) => /^E(06|08|09|10)\d{6}$/.test(c)),
    'upper tiers are E06, E08, E09 or E10 codes',
  )
  // 153 authorities since April 2023, plus the three county councils they replaced.
  t.equal(Object.keys(DFE_CODE_OF_UPPER_TIER).length, 156)
  t.equal(new Set(dfeCodes).size, 154, 'one DfE code per authority; North Yorkshire and Somerset kept theirs as unitaries')
  const counties = Object.values(COUNTY_OF_DISTRICT)
  t.ok(
    Object.keys(COUNTY_OF_DISTRICT).every((c) => /^E07\d{6}$/.test(c)),
    'only shire districts have a county',
  )
  t.same(
    counties.filter((c) => DFE_CODE_OF_UPPER_TIER[c] === undefined),
    [],
    'every county has a DfE code',
  )
  t.equal(placementAuthority('E08000018'), DFE_CODE_OF_UPPER_TIER.E08000018)
})

t.test('PL_LOCATION: IN for the responsible authority, OUT for any other, null when unknown', async (t) => {
  t.equal(placementLocation('372', '372'), 'IN')
  t.equal(placementLocation('373', '372'), 'OUT')
  t.equal(placementLocation('WAL', '372'), 'OUT')
  t.equal(placementLocation(null, '372'), null)
})

t.test('roundToTenth is numpy round(x, 1): half to even on x * 10', async (t) => {
  // np.round([0.25, 0.35, 0.45, 2.675, 1.05, 0.15], 1) gives [0.2, 0.4, 0.4, 2.7, 1.0, 0.2]: the
  // float x * 10 is what is rounded (0.35 * 10 is exactly 3.5, 0.15 * 10 is 1.5).
  t.same([0.25, 0.35, 0.45, 2.675, 1.05, 0.15].map(roundToTenth), [0.2, 0.4, 0.4, 2.7, 1, 0.2])
  t.equal(roundToTenth(0), 0)
  t.equal(roundToTenth(3.04999), 3)
  t.equal(roundToTenth(3.05001), 3.1)
  fc.assert(
    fc.property(fc.double({ min: 0, max: 2000, noNaN: true }), (x) => {
      const r = roundToTenth(x)
      return Math.abs(r - x) <= 0.05 + 1e-9 && roundToTenth(r) === r && Number(r.toFixed(1)) === r
    }),
  )
})

t.test('PL_DISTANCE: the guidance formula, as the validator computes it', async (t) => {
  t.equal(placementDistance({ easting: 440000, northing: 390000 }, { easting: 443000, northing: 394000 }), 3.1, '5 km')
  t.equal(placementDistance({ easting: 440000, northing: 390000 }, { easting: 470000, northing: 430000 }), 31.1, '50 km')
  // Random grid references, with what numpy gives for sqrt(dE**2 + dN**2) / 1000 / 1.6093 rounded
  // with np.round(x, 1) (numpy 2.4): the same operations in the same order give the same doubles.
  const cases: Array<[number, number, number, number, number]> = [
    [392373, 695969, 557811, 531200, 145.1],
    [524778, 123829, 386810, 431176, 209.3],
    [87787, 762025, 349420, 36202, 479.4],
    [253301, 1068305, 121956, 1043399, 83.1],
    [593654, 63608, 157655, 980929, 631.1],
    [106131, 233602, 546870, 851704, 471.7],
    [381428, 197550, 205065, 846859, 418.1],
    [231307, 1169946, 333451, 1201831, 66.5],
    [269882, 812587, 188313, 207941, 379.1],
    [596892, 487841, 517562, 346374, 100.8],
    [83061, 1166360, 631242, 372207, 599.6],
    [594779, 688903, 316043, 502912, 208.2],
  ]
  for (const [he, hn, pe, pn, miles] of cases) {
    t.equal(placementDistance({ easting: he, northing: hn }, { easting: pe, northing: pn }), miles)
  }
})

const grid = fc.record({ easting: fc.integer({ min: 0, max: 700_000 }), northing: fc.integer({ min: 0, max: 1_300_000 }) })

t.test('PL_DISTANCE properties: symmetric, zero for one postcode, one decimal, grows with the distance', async () => {
  fc.assert(fc.property(grid, grid, (a, b) => placementDistance(a, b) === placementDistance(b, a)))
  fc.assert(fc.property(grid, (a) => placementDistance(a, a) === 0))
  fc.assert(
    fc.property(grid, grid, (a, b) => {
      const d = placementDistance(a, b)
      return d >= 0 && Number(d.toFixed(1)) === d && Math.abs(d - Math.hypot(a.easting - b.easting, a.northing - b.northing) / 1609.3) <= 0.05 + 1e-9
    }),
  )
  fc.assert(
    fc.property(grid, fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), (a, near, far) => {
      const [d1, d2] = near <= far ? [near, far] : [far, near]
      return placementDistance(a, { ...a, easting: a.easting + d1 }) <= placementDistance(a, { ...a, easting: a.easting + d2 })
    }),
  )
})

t.test('an episode: PL_LA needs the placement postcode, PL_DISTANCE both', async (t) => {
  const home = { easting: 440000, northing: 390000 }
  const placement = { easting: 470000, northing: 430000, laua: 'E08000019' }
  t.same(derivePlacement({ home, placement }), { placementLa: '373', placementDistance: 31.1 })
  t.same(derivePlacement({ home: null, placement }), { placementLa: '373', placementDistance: null })
  t.same(derivePlacement({ home, placement: null }), { placementLa: null, placementDistance: null })
  t.same(derivePlacement({ home, placement: { ...placement, laua: null } }), { placementLa: null, placementDistance: 31.1 })
})

t.test('only episodes whose derived values change are written', async (t) => {
  const base: StoredEpisodePostcodes = {
    childId: 'A',
    startDate: '2024-05-02',
    home: { easting: 440000, northing: 390000 },
    placement: { easting: 443000, northing: 394000, laua: 'E08000018' },
    derived: { placementLa: '372', placementDistance: 3.1 },
  }
  t.same(derivedPlacementChanges([base]), [], 'unchanged')
  t.same(derivedPlacementChanges([{ ...base, derived: { placementLa: null, placementDistance: null } }]), [
    { childId: 'A', startDate: '2024-05-02', placementLa: '372', placementDistance: 3.1 },
  ])
  t.same(
    derivedPlacementChanges([{ ...base, home: null, placement: null }]),
    [{ childId: 'A', startDate: '2024-05-02', placementLa: null, placementDistance: null }],
    'a postcode no longer known takes its derived values away',
  )
})

t.test('postcodes are compared without spaces, in upper case', async (t) => {
  t.equal(postcodeKey(' zy1  1aa '), 'ZY11AA')
  t.equal(postcodeKey('ZY101AA'), 'ZY101AA')
})
