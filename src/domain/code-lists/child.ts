/**
 * Header, review, missing and SDQ code lists (domain doc 3.2 and 3.3).
 */
import { code } from './define.ts'
import type { CodeDefinition } from './types.ts'

/** SEX: 1/2 up to 2023-24, M/F/U from 2024-25 (validator rule 101). */
export const sex: readonly CodeDefinition[] = [
  code('1', 'Male', { validTo: 2024 }),
  code('2', 'Female', { validTo: 2024 }),
  code('M', 'Male', { validFrom: 2025 }),
  code('F', 'Female', { validFrom: 2025 }),
  code('U', 'Unknown', {
    validFrom: 2025,
    note: 'Wording inferred: the validator accepts U from 2024-25 and queries it (rule 232); check the DfE guide.',
  }),
]

/** ETHNIC, rule 103. */
export const ethnicity: readonly CodeDefinition[] = [
  code('WBRI', 'White British'),
  code('WIRI', 'White Irish'),
  code('WOTH', 'Any other White background'),
  code('WIRT', 'Traveller of Irish heritage'),
  code('WROM', 'Gypsy/Roma'),
  code('MWBC', 'White and Black Caribbean'),
  code('MWBA', 'White and Black African'),
  code('MWAS', 'White and Asian'),
  code('MOTH', 'Any other mixed background'),
  code('AIND', 'Indian'),
  code('APKN', 'Pakistani'),
  code('ABAN', 'Bangladeshi'),
  code('AOTH', 'Any other Asian background'),
  code('BCRB', 'Black Caribbean'),
  code('BAFR', 'Black African'),
  code('BOTH', 'Any other Black background'),
  code('CHNE', 'Chinese'),
  code('OOTH', 'Any other ethnic group'),
  code('REFU', 'Refused'),
  code('NOBT', 'Information not yet obtained'),
]

/** REVIEW_CODE (participation in a review), rule 167. */
export const reviewCode: readonly CodeDefinition[] = [
  code('PN0', 'Child aged under 4 at the time of the review'),
  code('PN1', 'Child physically attends and speaks for themselves'),
  code('PN2', 'Child physically attends, and an advocate or the IRO speaks on their behalf'),
  code('PN3', 'Child attends and conveys their view symbolically (non-verbally)'),
  code('PN4', 'Child physically attends but does not speak for themselves, convey their view symbolically or ask an advocate to speak for them'),
  code('PN5', 'Child does not attend physically but briefs an advocate or the IRO to speak for them'),
  code('PN6', 'Child does not attend but conveys their feelings to the review by a facilitative medium'),
  code('PN7', 'Child does not attend nor are their views conveyed to the review'),
]

/** MISSING, rule 1006. */
export const missingType: readonly CodeDefinition[] = [
  code('M', 'Missing: not at their placement or the place they are expected to be, and whereabouts unknown'),
  code('A', 'Away from placement without authorisation: whereabouts known'),
]

/** SDQ_REASON (why there is no SDQ score), rule 196. */
export const sdqReason: readonly CodeDefinition[] = [
  code('SDQ1', 'No form returned as child was aged under 4 or over 16 at the date of the latest assessment'),
  code('SDQ2', 'Carer(s) refused to complete and return the questionnaire'),
  code('SDQ3', "Not possible to complete the questionnaire due to the severity of the child's disability"),
  code('SDQ4', 'Other'),
  code('SDQ5', 'Child or young person refuses to allow an SDQ to be completed'),
]
