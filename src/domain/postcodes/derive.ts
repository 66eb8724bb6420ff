/**
 * PL_LA, PL_LOCATION and PL_DISTANCE from postcodes, as the DfE's 903 validator derives them
 * (data-to-insight/csc-validator-be-903, lac_validator/datastore.py, _add_postcode_derived_fields):
 *
 * - PL_LA: the upper-tier authority of the placement postcode's district; SCO, NIR or WAL when the
 *   district code starts with S, N or W. Unknown when the postcode or its district is not known.
 * - PL_LOCATION: IN when PL_LA is the responsible authority, OUT otherwise.
 * - PL_DISTANCE: the straight line from the home to the placement postcode's grid reference, in
 *   metres / 1000 / 1.6093 (the guidance's miles), rounded to one decimal; unknown unless both are known.
 */
import { COUNTY_OF_DISTRICT, DFE_CODE_OF_UPPER_TIER } from './authorities.ts'

/** A postcode's grid reference (OS National Grid metres; the ONS file gives Irish Grid in Northern Ireland). */
export interface GridReference {
  easting: number
  northing: number
}

/** A postcode as the directory is keyed: no spaces, upper case (the episodes keep theirs with one space). */
export const postcodeKey = (postcode: string): string => postcode.replace(/\s+/g, '').toUpperCase()

// The validator's countries outside England, by the first letter of the district code.
const COUNTRIES: Readonly<Record<string, string>> = { S: 'SCO', N: 'NIR', W: 'WAL' }

/**
 * PL_LA for a placement postcode in this district (the directory's `laua`): the DfE code of its
 * upper-tier authority, SCO/NIR/WAL, or null when the code is not one the tables know (a code newer
 * than the tables, the Channel Islands' or the Isle of Man's).
 */
export function placementAuthority(laua: string | null): string | null {
  if (laua === null) return null
  const code = laua.trim().toUpperCase()
  const country = COUNTRIES[code.charAt(0)]
  if (country !== undefined) return country
  return DFE_CODE_OF_UPPER_TIER[COUNTY_OF_DISTRICT[code] ?? code] ?? null
}

/** PL_LOCATION: IN when the placement's authority is the responsible one, OUT when another; null when unknown. */
export function placementLocation(placementLa: string | null, la: string): 'IN' | 'OUT' | null {
  if (placementLa === null) return null
  return placementLa === la ? 'IN' : 'OUT'
}

/**
 * numpy's round(x, 1), which pandas' Series.round calls: x * 10 rounded half to even (rint), over
 * 10. Half to even matters only at exact halves of the float x * 10 (0.25 gives 0.2, as the
 * validator does).
 */
export function roundToTenth(x: number): number {
  const y = x * 10
  const floor = Math.floor(y)
  const rest = y - floor
  const whole = rest < 0.5 ? floor : rest > 0.5 ? floor + 1 : floor % 2 === 0 ? floor : floor + 1
  return whole / 10
}

/** PL_DISTANCE in miles, rounded to one decimal, computed in the validator's order of operations. */
export function placementDistance(home: GridReference, placement: GridReference): number {
  const dE = home.easting - placement.easting
  const dN = home.northing - placement.northing
  return roundToTenth(Math.sqrt(dE * dE + dN * dN) / 1000 / 1.6093)
}

/** What the directory holds of an episode's two postcodes (null when the postcode is not in it, or not given). */
export interface EpisodePostcodes {
  home: GridReference | null
  placement: (GridReference & { laua: string | null }) | null
}

/** The episode's PL_LA and PL_DISTANCE from its postcodes (PL_LOCATION follows from PL_LA: placementLocation). */
export interface DerivedPlacement {
  placementLa: string | null
  placementDistance: number | null
}

export function derivePlacement(postcodes: EpisodePostcodes): DerivedPlacement {
  const { home, placement } = postcodes
  return {
    placementLa: placement ? placementAuthority(placement.laua) : null,
    placementDistance: home && placement ? placementDistance(home, placement) : null,
  }
}

/** One stored episode's postcodes as the directory knows them, with what was derived for it before. */
export interface StoredEpisodePostcodes extends EpisodePostcodes {
  childId: string
  startDate: string
  derived: DerivedPlacement
}

export type DerivedPlacementRow = { childId: string; startDate: string } & DerivedPlacement

/** The episodes whose derived PL_LA or PL_DISTANCE differs from what is stored, with the new values. */
export function derivedPlacementChanges(episodes: Iterable<StoredEpisodePostcodes>): DerivedPlacementRow[] {
  const out: DerivedPlacementRow[] = []
  for (const e of episodes) {
    const next = derivePlacement(e)
    if (next.placementLa !== e.derived.placementLa || next.placementDistance !== e.derived.placementDistance) {
      out.push({ childId: e.childId, startDate: e.startDate, ...next })
    }
  }
  return out
}
