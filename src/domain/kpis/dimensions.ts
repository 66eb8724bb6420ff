/**
 * The groups a KPI can be split into and their labels. The SQL builds its group keys from the same
 * lists, so a key always has a label here.
 */
import { describeCode } from '../code-lists/index.ts'
import type { Dimension } from './types.ts'

/** The DfE age bands (age in whole years on the row's date), as [key, lowest age, first age above]. */
export const AGE_BANDS: ReadonlyArray<readonly [key: string, from: number, below: number | null]> = [
  ['under-1', 0, 1],
  ['1-4', 1, 5],
  ['5-9', 5, 10],
  ['10-15', 10, 16],
  ['16-17', 16, 18],
  ['18+', 18, null],
]

/** The DfE's ethnic groups for children looked after, from the 903 ETHNIC codes. */
export const ETHNICITY_GROUPS: ReadonlyArray<readonly [key: string, label: string, codes: readonly string[]]> = [
  ['white', 'White', ['WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM']],
  ['mixed', 'Mixed or multiple ethnic groups', ['MWBC', 'MWBA', 'MWAS', 'MOTH']],
  ['asian', 'Asian or Asian British', ['AIND', 'APKN', 'ABAN', 'AOTH']],
  ['black', 'Black, African, Caribbean or Black British', ['BCRB', 'BAFR', 'BOTH']],
  ['other', 'Other ethnic groups', ['CHNE', 'OOTH']],
  ['not-known', 'Refused or information not yet obtained', ['REFU', 'NOBT']],
]

/** 903 sex codes changed from 1/2 to M/F/U in 2024-25; both are reported as M/F. */
export const SEX_GROUPS: ReadonlyArray<readonly [key: string, label: string, codes: readonly string[]]> = [
  ['M', 'Male', ['M', '1']],
  ['F', 'Female', ['F', '2']],
  ['U', 'Unknown or indeterminate', ['U']],
]

/** Key for a row with no value in a dimension (a care leaver has no placement, a temporary placement no provider). */
export const NONE = 'none'

const FIXED_LABELS: Partial<Record<Dimension, Record<string, string>>> = {
  ageBand: Object.fromEntries(AGE_BANDS.map(([k]) => [k, k === 'under-1' ? 'Under 1' : k === '18+' ? '18 and over' : `${k.replace('-', ' to ')}`])),
  ethnicityGroup: Object.fromEntries(ETHNICITY_GROUPS.map(([k, label]) => [k, label])),
  sex: Object.fromEntries(SEX_GROUPS.map(([k, label]) => [k, label])),
  uasc: { uasc: 'Unaccompanied asylum-seeking children', 'not-uasc': 'Not UASC' },
}

const CODED: Partial<Record<Dimension, 'legalStatus' | 'placementType' | 'placementProvider' | 'reasonEnded'>> = {
  legalStatus: 'legalStatus',
  placementType: 'placementType',
  provider: 'placementProvider',
  reasonEnded: 'reasonEnded',
}

/** A readable label for a group key. */
export function groupLabel(dimension: Dimension, key: string): string {
  if (key === NONE) return dimension === 'provider' ? 'No provider (temporary or other placement)' : 'None'
  const fixed = FIXED_LABELS[dimension]?.[key]
  if (fixed !== undefined) return fixed
  const field = CODED[dimension]
  return (field ? describeCode(field, key) : null) ?? key
}
