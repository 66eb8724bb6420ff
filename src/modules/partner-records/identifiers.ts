import { IDENTIFIER_FIELDS, type ChildIdentifiers } from '../../db/child-lookup.ts'
import { normaliseCode } from '../../domain/code-lists/index.ts'
import { recordError, type RecordIssue } from '../../domain/health/issues.ts'
import { checkNhsNumber, checkUpn, normaliseNhsNumber, UPN_UNKNOWN_CODES } from '../../domain/identifiers.ts'

/** How a partner record names its child (at least one, checked by readIdentifiers). */
export interface RecordIdentifiers {
  childId?: string | null
  nhsNumber?: string | null
  upn?: string | null
}

const blank = (v: string | null | undefined): v is null | undefined => v === null || v === undefined || v.trim() === ''

/**
 * The identifiers a record gives, normalised, or what is wrong with them (a bad check digit, a UPN
 * that is not one, an unknown-UPN code, which identifies nobody).
 */
export function readIdentifiers(raw: RecordIdentifiers): {
  ids: ChildIdentifiers
  issues: RecordIssue[]
} {
  const issues: RecordIssue[] = []
  const ids: ChildIdentifiers = { childId: null, nhsNumber: null, upn: null }
  if (!blank(raw.childId)) ids.childId = raw.childId.trim()
  if (!blank(raw.nhsNumber)) {
    const why = checkNhsNumber(raw.nhsNumber)
    if (why) issues.push(recordError('nhsNumber', why))
    else ids.nhsNumber = normaliseNhsNumber(raw.nhsNumber)
  }
  if (!blank(raw.upn)) {
    const upn = normaliseCode(raw.upn)
    if (UPN_UNKNOWN_CODES.includes(upn)) issues.push(recordError('upn', `${upn} says the UPN is not known, so it cannot identify a child`))
    else if (checkUpn(upn)) issues.push(recordError('upn', checkUpn(upn) as string))
    else ids.upn = upn
  }
  if (issues.length === 0 && IDENTIFIER_FIELDS.every((f) => ids[f] === null)) {
    issues.push(recordError('childId', 'give the child: childId, nhsNumber or upn'))
  }
  return { ids, issues }
}
