/**
 * Strengths and Difficulties Questionnaire returns: the score rules (903 rules 180, 196, 197a), the
 * bands managers act on, and when the annual SDQ falls due (domain doc 5b and 6).
 */
import { addMonths, birthdayIn, maxDate, parseIsoDate } from '../dates/calendar.ts'
import { checkEventDate, recordError, recordWarning, type RecordIssue } from './issues.ts'

export type SdqInformant = 'carer' | 'teacher' | 'self'
export const SDQ_INFORMANTS: readonly SdqInformant[] = Object.freeze(['carer', 'teacher', 'self'])

export type SdqBand = 'normal' | 'borderline' | 'concern'

/**
 * Total difficulties bands (domain doc 5b): the one source of the thresholds. The KPI SQL, the KPI
 * texts and the high-scores list are made from it.
 */
export const SDQ_BANDS: Readonly<Record<SdqBand, { from: number; to: number; name: string }>> = Object.freeze({
  normal: { from: 0, to: 13, name: 'normal' },
  borderline: { from: 14, to: 16, name: 'borderline' },
  concern: { from: 17, to: 40, name: 'cause for concern' },
})

/** The first total in the "cause for concern" band: the monthly high-scores list starts here. */
export const SDQ_HIGH_SCORE = SDQ_BANDS.concern.from

export function sdqBand(total: number): SdqBand {
  if (!Number.isInteger(total) || total < SDQ_BANDS.normal.from || total > SDQ_BANDS.concern.to) {
    throw new RangeError(`an SDQ total is 0-40, got ${total}`)
  }
  return total >= SDQ_HIGH_SCORE ? 'concern' : total >= SDQ_BANDS.borderline.from ? 'borderline' : 'normal'
}

/** A band's totals as text, joined by `dash`: sdqBandRange('normal', '-') is '0-13'. */
export function sdqBandRange(band: SdqBand, dash = '-'): string {
  return `${SDQ_BANDS[band].from}${dash}${SDQ_BANDS[band].to}`
}

/** '0-13 normal, 14-16 borderline, 17-40 cause for concern': the bands as descriptions write them. */
export function sdqBandsText(): string {
  return (Object.keys(SDQ_BANDS) as SdqBand[]).map((b) => `${sdqBandRange(b)} ${SDQ_BANDS[b].name}`).join(', ')
}

const SDQ_DIFFICULTIES = ['emotional', 'conduct', 'hyperactivity', 'peer'] as const
export type SdqSubscale = (typeof SDQ_DIFFICULTIES)[number] | 'prosocial'

export interface SdqInput {
  date: string
  total: number | null
  emotional: number | null
  conduct: number | null
  hyperactivity: number | null
  peer: number | null
  prosocial: number | null
  reasonCode: string | null
}

/**
 * Checks the scores and returns the total to store: the one given, or the sum of the four difficulty
 * subscales when only they are given. A score or a reason, never both; a total that disagrees with
 * its subscales is refused (the total is the first four, prosocial is separate).
 */
export function checkSdq(r: SdqInput, dateOfBirth: string, today: string): { issues: RecordIssue[]; total: number | null } {
  const issues = checkEventDate('date', r.date, dateOfBirth, today)
  const subscales: SdqSubscale[] = [...SDQ_DIFFICULTIES, 'prosocial']
  const given = subscales.filter((s) => r[s] !== null)
  if (r.reasonCode !== null) {
    if (r.total !== null) issues.push(recordError('total', 'give a score or a reason code, not both', '197a'))
    for (const s of given) issues.push(recordError(s, 'give a score or a reason code, not both', '197a'))
    return { issues, total: null }
  }
  const parts = SDQ_DIFFICULTIES.map((s) => r[s])
  const allParts = parts.every((p): p is number => p !== null)
  const sum = allParts ? parts.reduce((a, b) => a + b, 0) : null
  if (r.total === null && sum === null) {
    issues.push(recordError('total', 'give the total (or all four difficulty subscales), or a reason code for no score', '197a'))
    return { issues, total: null }
  }
  if (r.total !== null && sum !== null && r.total !== sum) {
    issues.push(recordError('total', `is ${r.total} but emotional + conduct + hyperactivity + peer = ${sum}`))
  }
  return { issues, total: r.total ?? sum }
}

/**
 * When the annual SDQ falls due for a child in care: 12 months after the last score, or, with none,
 * once the child has been in care 12 months (from the start of the time in care, 5b) and is 4 (the
 * later of the two).
 */
export function sdqDueDate(lastScore: string | null, careStart: string, dateOfBirth: string): string {
  if (lastScore !== null) return addMonths(lastScore, 12)
  return maxDate(addMonths(careStart, 12), birthdayIn(dateOfBirth, parseIsoDate(dateOfBirth).year + 4))
}

/**
 * A warning for an SDQ of a child looked after on its date (in a time in care, 5b) that is not the
 * carer's: the DfE's SDQ (the 903 OC2 score, and every SDQ KPI here) is the main carer's
 * questionnaire, so a teacher or self-report return is kept and shown but never counted. A loader that
 * sends every return as teacher would otherwise zero the SDQ KPIs without a word.
 */
export function checkSdqInformant(
  informant: SdqInformant,
  date: string,
  timesInCare: ReadonlyArray<readonly [start: string, end: string | null]>,
): RecordIssue[] {
  if (informant === 'carer') return []
  const lookedAfter = timesInCare.some(([start, end]) => start <= date && (end === null || end > date))
  if (!lookedAfter) return []
  return [
    recordWarning(
      'informant',
      `is ${informant}: the child was looked after on this date and only the carer's questionnaire counts for the SDQ KPIs ` +
        "(the DfE's SDQ is the main carer's); this return is kept but not counted",
      'SDQ_INFORMANT',
    ),
  ]
}
