/**
 * The 903 codes the parser checks rows against: the shared lists (any collection year: which codes a
 * given year allows is for the year's rules) plus the adoption, permanence and social worker codes
 * that only the 903 files carry (domain doc 3.2 and 3.5).
 */
import { allCodes } from '../code-lists/index.ts'
import type { CodeField } from '../code-lists/index.ts'

const ever = (field: CodeField): ReadonlySet<string> => new Set(allCodes(field).map((c) => c.code))

export const SDQ_REASONS = ever('sdqReason')
export const IN_TOUCH_CODES = ever('inTouch')
export const ACTIVITY_CODES = ever('activity')
export const ACCOMMODATION_CODES = ever('accommodation')
export const REVIEW_CODES = ever('reviewCode')
export const MISSING_TYPES = ever('missingType')

/** AD1 FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR (rules 114, 175, 176, 177). */
export const FOSTER_CARE_CODES: ReadonlySet<string> = new Set(['0', '1'])
export const NUMBER_OF_ADOPTERS_CODES: ReadonlySet<string> = new Set(['1', '2'])
export const ADOPTER_SEX_CODES: ReadonlySet<string> = new Set(['M1', 'F1', 'MM', 'FF', 'MF'])
export const ADOPTER_LEGAL_STATUS_CODES: ReadonlySet<string> = new Set(['L0', 'L11', 'L12', 'L2', 'L3', 'L4'])
/** PlacedAdoption REASON_PLACED_CEASED (rule 120). */
export const PLACED_CEASED_REASONS: ReadonlySet<string> = new Set(['RD1', 'RD2', 'RD3', 'RD4'])
/** PrevPerm PREV_PERM (rule 631). */
export const PREVIOUS_PERMANENCE_CODES: ReadonlySet<string> = new Set(['P1', 'P2', 'P3', 'P4', 'Z1'])
/** SWEpisodes SW_REASON (rule SW13STG1). */
export const SOCIAL_WORKER_CHANGE_REASONS: ReadonlySet<string> = new Set([
  'MANAGE',
  'FCONTA',
  'LEFTRL',
  'ORGRST',
  'TSPROC',
  'ABSENC',
  'CHCHAN',
  'PCCHAN',
  'SWDIED',
  'OTHERS',
])
