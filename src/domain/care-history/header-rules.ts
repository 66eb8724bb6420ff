/**
 * Checks of a child's header (903 Header plus the identifiers partners use), each naming its field.
 * Errors are what the data model cannot hold or count (issue #17, docs/data-quality.md): a code valid
 * in no year, a date of birth that is no date or is in the future (no age can be counted from it), an
 * NHS number failing its check digit (the identity partners find the child by), a UPN or UASC date the
 * store cannot hold. A UPN of another form and UASC ending after the 18th birthday are stored, with a
 * warning: the DfE's rules 168 and 304 report them.
 */
import { birthdayIn, isIsoDate, parseIsoDate } from '../dates/calendar.ts'
import { allCodes } from '../code-lists/index.ts'
import { checkNhsNumber, checkUpn } from '../identifiers.ts'
import { quoted } from '../quoted.ts'
import type { ChildHeader, ChildFinding } from './types.ts'

const everCodes = (field: 'sex' | 'ethnicity') => new Set(allCodes(field).map((c) => c.code))
const SEX = everCodes('sex')
const ETHNIC = everCodes('ethnicity')

const finding = (severity: ChildFinding['severity'], rule: string, field: keyof ChildHeader, message: string): ChildFinding => ({
  rule,
  severity,
  episodeIndex: null,
  fields: [field],
  message,
})
const error = (rule: string, field: keyof ChildHeader, message: string) => finding('error', rule, field, message)
const warning = (rule: string, field: keyof ChildHeader, message: string) => finding('warning', rule, field, message)
/** The longest UPN the store holds (a UPN is 13 characters; a longer value is not one mistyped). */
const UPN_MAX = 20

/** Findings for a header, as of `today` (a date of birth cannot be in the future). */
export function checkChildHeader(h: ChildHeader, today: string): ChildFinding[] {
  const out: ChildFinding[] = []
  if (!SEX.has(h.sex)) out.push(error('101', 'sex', `Sex ${quoted(h.sex)} is not a 903 code (1/2 up to 2023-24, M/F/U from 2024-25).`))
  if (!ETHNIC.has(h.ethnicity)) out.push(error('103', 'ethnicity', `Ethnicity ${quoted(h.ethnicity)} is not a 903 ETHNIC code.`))
  if (!isIsoDate(h.dateOfBirth)) out.push(error('102', 'dateOfBirth', 'Date of birth is not a real date.'))
  else if (h.dateOfBirth > today) out.push(error('102', 'dateOfBirth', 'Date of birth is in the future.'))
  if (h.upn !== null) {
    const why = checkUpn(h.upn)
    if (h.upn.length > UPN_MAX) out.push(error('168', 'upn', `The UPN is longer than ${UPN_MAX} characters: it cannot be stored.`))
    else if (why) out.push(warning('168', 'upn', why))
  }
  if (h.nhsNumber !== null) {
    const why = checkNhsNumber(h.nhsNumber)
    if (why) out.push(error('NHS', 'nhsNumber', why))
  }
  if (h.uascCeasedOn !== null) {
    if (!isIsoDate(h.uascCeasedOn)) out.push(error('304', 'uascCeasedOn', 'The date UASC status ceased is not a real date.'))
    else if (isIsoDate(h.dateOfBirth)) {
      if (h.uascCeasedOn < h.dateOfBirth) out.push(error('304', 'uascCeasedOn', 'UASC status cannot cease before birth.'))
      // The 18th birthday as the law keeps it: 1 March for a child born on 29 February.
      else if (h.uascCeasedOn > birthdayIn(h.dateOfBirth, parseIsoDate(h.dateOfBirth).year + 18)) {
        out.push(warning('304', 'uascCeasedOn', 'UASC status must cease on or before the 18th birthday.'))
      }
    }
  }
  return out
}
