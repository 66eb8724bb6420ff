/**
 * Identifier checks. Each `check*` returns null when the value is valid, or a short message a person
 * can act on. They check the exact string given: normalise first where a `normalise*` exists.
 */

/** Strips spaces and hyphens, the separators people type in NHS numbers ('943 476 5919'). */
export function normaliseNhsNumber(s: string): string {
  return s.replace(/[\s-]/g, '')
}

/**
 * The NHS number check digit for nine digits, or null when none exists (the number cannot be issued).
 * Weights 10 down to 2; check = 11 - (sum mod 11), where 11 becomes 0 and 10 means invalid.
 */
export function nhsCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) throw new RangeError('nhsCheckDigit needs exactly nine digits')
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i)
  const check = 11 - (sum % 11)
  if (check === 10) return null
  return check === 11 ? 0 : check
}

/**
 * Valid NHS number: ten digits (after removing spaces and hyphens) whose last digit is the mod-11
 * check digit. Numbers made of one repeated digit (0000000000, 1111111111 ...) are rejected even though
 * every one of them passes the mod-11 check: they are what systems type as a placeholder, never issued,
 * and accepting them would match unrelated children to one record.
 */
export function checkNhsNumber(s: string): string | null {
  const n = normaliseNhsNumber(s)
  if (!/^\d{10}$/.test(n)) return 'NHS number must be 10 digits'
  if (/^(\d)\1{9}$/.test(n)) return 'NHS number cannot be one digit repeated (a placeholder)'
  const check = nhsCheckDigit(n.slice(0, 9))
  if (check === null || check !== Number(n[9])) return 'NHS number check digit is wrong'
  return null
}

/** The 903 codes for a UPN that is not known (rule 168). */
export const UPN_UNKNOWN_CODES: readonly string[] = ['UN1', 'UN2', 'UN3', 'UN4', 'UN5']

// Rule 168: a letter other than I, O or S, then 12 digits, or 11 digits and a letter (temporary UPN).
const UPN = /^[A-HJ-NP-RT-Z](\d{12}|\d{11}[A-Z])$/

/** Valid 903 UPN (rule 168) or one of UN1-UN5. Case-sensitive: UPNs are upper case. */
export function checkUpn(s: string): string | null {
  if (UPN.test(s) || UPN_UNKNOWN_CODES.includes(s)) return null
  return 'UPN must be a letter (not I, O or S) and 12 digits, or 11 digits and a letter, or UN1-UN5'
}

// The outward code (area, district, optional sub-district letter) and the inward code (sector digit
// and two unit letters), with the letter restrictions Royal Mail uses in each position.
const OUTWARD = '(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])'
const INWARD = '[0-9][ABD-HJLNP-UW-Z]{2}'
const POSTCODE = new RegExp(`^(?:${OUTWARD} ?${INWARD}|GIR ?0AA)$`, 'i')

/**
 * Upper case, no surrounding or inner whitespace except one space before the inward code (the last
 * three characters): ' sw1a1aa ' -> 'SW1A 1AA'. It does not validate: run checkPostcode on the result.
 */
export function normalisePostcode(s: string): string {
  const compact = s.replace(/\s+/g, '').toUpperCase()
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact
}

/** Valid UK postcode format, any case, with or without one space before the inward code. */
export function checkPostcode(s: string): string | null {
  return POSTCODE.test(s) ? null : 'not a UK postcode (e.g. SW1A 1AA)'
}

/**
 * Valid placement URN: 'SC' and 6 digits (Ofsted social care), 7 digits, or 'XXXXXXX' (CQC/ISI-inspected
 * settings and regional adoption agencies).
 */
export function checkUrn(s: string): string | null {
  if (/^SC\d{6}$/.test(s) || /^\d{7}$/.test(s) || s === 'XXXXXXX') return null
  return "URN must be SC and 6 digits, 7 digits, or 'XXXXXXX'"
}

/**
 * A council's child id: 1-40 letters, digits, '.', '_' and '-', at least one of them not a dot (an id
 * of dots alone, '.' or '..', could not be named in a path: clients resolve dot segments). One rule
 * for the API's schemas, the 903 reader and the import.
 */
export const CHILD_ID_PATTERN = '^[A-Za-z0-9._-]*[A-Za-z0-9_-][A-Za-z0-9._-]*$'
export const CHILD_ID_MAX = 40
const CHILD_ID = new RegExp(CHILD_ID_PATTERN)

export function isChildId(id: string): boolean {
  return id.length <= CHILD_ID_MAX && CHILD_ID.test(id)
}
