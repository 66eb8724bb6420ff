/**
 * Care leaver contacts in the 903 OC3 terms (domain doc 3.4): in touch, activity and accommodation
 * codes. Accommodation is stored in parts (the letter, and whether it is suitable) and given back as
 * the 903 code.
 */
import { ageOn } from '../dates/calendar.ts'
import { isValidCode } from '../code-lists/index.ts'
import { checkEventDate, recordError, recordWarning, type RecordIssue } from '../health/issues.ts'

export type InTouch = 'YES' | 'NO' | 'DIED' | 'REFU' | 'NREQ' | 'RHOM'

/** Died, or returned home for 6 months or more: no activity or accommodation is recorded (rule 344). */
const NO_ACTIVITY_IN_TOUCH: readonly string[] = Object.freeze(['DIED', 'RHOM'])

export interface AccommodationParts {
  /** The letter; null for '0' (no information). */
  type: string | null
  /** The digit: true for 1 (suitable), false for 2; null for '0'. */
  suitable: boolean | null
}

/**
 * 'U1' -> U, suitable; 'S2' -> S, not suitable; '0' or blank (null) -> no information. Throws on any
 * other shape: callers check the code against the list first, so a bad one here is a bug.
 */
export function splitAccommodation(code: string | null): AccommodationParts {
  if (code === null || code === '0') return { type: null, suitable: null }
  const m = /^([A-Z])([12])$/.exec(code)
  if (!m) throw new RangeError(`not an OC3 accommodation code: ${JSON.stringify(code)}`)
  return { type: m[1] as string, suitable: m[2] === '1' }
}

/**
 * The 903 ACCOM code of a stored contact: blank (null) for DIED/RHOM, '0' when nothing is known,
 * otherwise the letter and 1 (suitable) or 2.
 */
export function accommodationCode(inTouch: string, parts: AccommodationParts): string | null {
  if (NO_ACTIVITY_IN_TOUCH.includes(inTouch)) return null
  return joinAccommodation(parts) ?? '0'
}

/** The ACCOM code of its parts ('U', true -> 'U1'); null when either is unknown (stored rows have both or neither). */
export function joinAccommodation(parts: AccommodationParts): string | null {
  if (parts.type === null || parts.suitable === null) return null
  return `${parts.type}${parts.suitable ? '1' : '2'}`
}

/** The 903 ACTIV code of a stored contact: blank for DIED/RHOM, '0' when none was given. */
export function activityCode(inTouch: string, activity: string | null): string | null {
  if (NO_ACTIVITY_IN_TOUCH.includes(inTouch)) return null
  return activity ?? '0'
}

export interface ContactInput {
  date: string
  inTouch: string
  activity: string | null
  accommodation: string | null
}

/**
 * A contact's codes against the lists valid on its date and the OC3 rules: DIED/RHOM with an activity
 * or accommodation is refused (344); in touch without both is a warning (345), as are Z at 17 (3001)
 * and a foyer under 18 (347), which the DfE raises as queries.
 */
export function checkContact(r: ContactInput, dateOfBirth: string, today: string): RecordIssue[] {
  const issues = checkEventDate('date', r.date, dateOfBirth, today)
  if (issues.length) return issues
  if (!isValidCode('inTouch', r.inTouch, r.date)) issues.push(recordError('inTouch', 'is not an OC3 IN_TOUCH code', '131'))
  if (r.activity !== null && !isValidCode('activity', r.activity, r.date)) {
    issues.push(recordError('activity', 'is not an OC3 ACTIV code', '132'))
  }
  if (r.accommodation !== null && !isValidCode('accommodation', r.accommodation, r.date)) {
    issues.push(recordError('accommodation', 'is not an OC3 ACCOM code', '133'))
  }
  if (NO_ACTIVITY_IN_TOUCH.includes(r.inTouch)) {
    const why = `must be blank when in touch is ${r.inTouch}`
    if (r.activity !== null) issues.push(recordError('activity', why, '344'))
    if (r.accommodation !== null) issues.push(recordError('accommodation', why, '344'))
  }
  if (r.inTouch === 'YES') {
    if (r.activity === null || r.activity === '0') issues.push(recordWarning('activity', 'should be known when the young person is in touch', '345'))
    if (r.accommodation === null || r.accommodation === '0') {
      issues.push(recordWarning('accommodation', 'should be known when the young person is in touch', '345'))
    }
  }
  const age = ageOn(dateOfBirth, r.date)
  if (r.accommodation?.startsWith('Z') && age === 17) {
    issues.push(recordWarning('accommodation', 'staying with former foster carers (Z) is not recorded at 17', '3001'))
  }
  if (r.accommodation?.startsWith('T') && age < 18) issues.push(recordWarning('accommodation', 'foyers (T) are not for under-18s', '347'))
  return issues
}
