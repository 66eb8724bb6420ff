/**
 * Care-leaver (OC3) code lists (domain doc 3.4).
 */
import { code } from './define.ts'
import type { CodeDefinition } from './types.ts'

/** IN_TOUCH, rule 131. */
export const inTouch: readonly CodeDefinition[] = [
  code('YES', 'Local authority in touch with the young person'),
  code('NO', 'Local authority not in touch with the young person'),
  code('DIED', 'Young person has died since leaving care'),
  code('REFU', 'Young person refuses contact or has said they do not want contact'),
  code('NREQ', 'Young person no longer requires services'),
  code('RHOM', 'Young person has returned home to live with parent(s) or person with parental responsibility for 6 months or more'),
]

/** ACTIV, rule 132. F3/P3 were superseded by F4/F5 before the lists held here. */
export const activity: readonly CodeDefinition[] = [
  code('F1', 'Full time in higher education'),
  code('P1', 'Part time in higher education'),
  code('F2', 'Full time in education other than higher education'),
  code('P2', 'Part time in education other than higher education'),
  code('F4', 'Full time apprenticeship'),
  code('P4', 'Part time apprenticeship'),
  code('F5', 'Full time training or employment (not apprenticeship)'),
  code('P5', 'Part time training or employment (not apprenticeship)'),
  code('G4', 'Not in education, employment or training: illness or disability'),
  code('G5', 'Not in education, employment or training: other reasons'),
  code('G6', 'Not in education, employment or training: pregnancy or parenting'),
  code('0', 'Activity not known'),
]

const ACCOMMODATION_TYPES: ReadonlyArray<readonly [letter: string, type: string, suffixes: readonly string[]]> = [
  ['B', 'With parents or relatives', ['1', '2']],
  ['C', 'Community home or other form of residential care (including NHS establishments)', ['1', '2']],
  ['D', 'Semi-independent, transitional accommodation', ['1', '2']],
  ['E', 'Supported lodgings', ['1', '2']],
  ['G', 'Gone abroad', ['1', '2']],
  ['H', 'Deported', ['1', '2']],
  ['K', 'Ordinary lodgings, without formal support', ['1', '2']],
  ['R', 'Residence not known', ['1', '2']],
  // S and X come only with suffix 2 in the current validator (rule 133), though liia-tools' 2024 schema
  // still lists S1 and X1.
  ['S', 'No fixed abode or homeless', ['2']],
  ['T', 'Foyers (not for under-18s)', ['1', '2']],
  ['U', 'Independent living', ['1', '2']],
  ['V', 'Emergency accommodation', ['1', '2']],
  ['W', 'Bed and breakfast', ['1', '2']],
  ['X', 'In custody', ['2']],
  ['Y', 'Other accommodation', ['1', '2']],
  ['Z', 'With former foster carer(s) (not for 17-year-olds)', ['1', '2']],
]

/**
 * ACCOM, rule 133: the letter is the type and the digit the suitability (1 suitable, 2 unsuitable);
 * 0 means no information.
 */
export const accommodation: readonly CodeDefinition[] = [
  ...ACCOMMODATION_TYPES.flatMap(([letter, type, suffixes]) =>
    suffixes.map((s) => code(`${letter}${s}`, `${type}: ${s === '1' ? 'suitable' : 'not suitable'}`)),
  ),
  code('0', 'No information about accommodation'),
]
