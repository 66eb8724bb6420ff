/**
 * The OC2 and OC3 rows of a collection year's 903 return, worked out from the partner records (health
 * checks, SDQs, care leaver contacts) with the service's 5b rules, at D = 31 March of the year and over
 * "the 12 months" to D (1 April to 31 March: the collection year). The choices:
 *
 * OC2 (children looked after continuously for 12 months at 31 March: the 5b health cohort, selected
 * by the caller's query):
 * - HEALTH_ASSESSMENT, TEETH_CHECK: a completed health assessment (IHA or RHA) / dental check dated in
 *   the 12 months: 1, else 0.
 * - IMMUNISATIONS: the latest completed immunisations review in the 12 months says up to date: 1; it
 *   says not, or there is none: 0 (5b: none is not up to date). Two on the latest day: up to date
 *   wins (as for the KPI).
 * - HEALTH_CHECK (development assessments): only for children under 5 at 31 March (rules 545/546:
 *   blank from 5): a completed development assessment in the 12 months: 1, else 0.
 * - SDQ_SCORE: the latest carer's score in the 12 months (the 903 SDQ is the carer's questionnaire,
 *   as for the KPIs); SDQ_REASON only when there is no such score: the latest reason code in the 12
 *   months. Both blank outside the ages the DfE takes an SDQ for: under 4 at 31 March (rule 188) or 17
 *   or over on 1 April (rule 189).
 * - CONVICTED (the youth justice service's convictions and youth cautions): only for children aged 10
 *   or over at 31 March (rules 542/543); 1 with one dated in the 12 months, else 0 once the service has
 *   posted anything for the authority, else blank: before a service reports, a 0 would be a claim.
 * - SUBSTANCE_MISUSE (the health trust's records): 1 with a problem identified in the 12 months, else
 *   0 once the trust has posted any for the authority, else blank (rules 191, 182 want it given).
 *   INTERVENTION_RECEIVED only after a 1 (192, 193): 1 when an intervention for a problem identified
 *   in the 12 months was received by 31 March, else 0. INTERVENTION_OFFERED only after a received 0
 *   (158, 159): 1 when one was offered and refused, else 0.
 *
 * OC3 (care leavers whose 17th to 21st birthday falls in the year):
 * - The cohort: 5b care leavers on that birthday (not in care that day; 91 days or more in care from
 *   the 14th birthday, some from the 16th, short breaks ignored; the latest cessation not death,
 *   transfer, adoption or an order). Whoever was still looked after on the birthday is left out
 *   (rules 1007/1016), as are those who died in care or moved to another authority (1000/1011).
 * - The contact: the one nearest the birthday, from 3 months before to 1 month after it (both
 *   inclusive) and on or before 31 March; a tie goes to the later one (then the larger record id).
 *   IN_TOUCH, ACTIV and ACCOM are its codes (ACTIV/ACCOM blank for DIED/RHOM, 0 when not known).
 * - No contact in the window: the row is written with IN_TOUCH, ACTIV and ACCOM blank. The KPIs count
 *   such a young person as not in touch; the return does not invent a NO.
 * - The integration's own OC3 row for the year (the 903 import's OC3 file) wins whole when it gives
 *   IN_TOUCH (mergeOc3), and puts its young person in the year's OC3 even where the episodes do not.
 */
import { accommodationCode, activityCode, splitAccommodation } from '../care-leavers/oc3.ts'
import { NOT_CARE_LEAVER_REASONS } from '../code-lists/index.ts'
import { addMonths, ageOn, birthdayIn, collectionYearBounds, daysBetween, maxDate, minDate, parseIsoDate } from '../dates/calendar.ts'
import type { Oc2Facts, Oc3Facts } from '../ssda903/types.ts'

/** What is known of one child of the OC2 cohort, over the 12 months to 31 March. */
export interface Oc2Input {
  dateOfBirth: string
  /** A completed IHA or RHA in the 12 months. */
  healthAssessment: boolean
  /** A completed dental check in the 12 months. */
  dentalCheck: boolean
  /** A completed development assessment in the 12 months. */
  developmentAssessment: boolean
  /** What the latest completed immunisations review in the 12 months says; null when there is none. */
  immunisationsUpToDate: boolean | null
  /** The latest carer's SDQ score in the 12 months. */
  sdqScore: number | null
  /** The latest SDQ reason code in the 12 months. */
  sdqReason: string | null
  /** A conviction in the 12 months; null when the youth justice service has posted none for the authority. */
  convicted: boolean | null
  /** Substance misuse in the 12 months; null when the health trust has posted none for the authority. */
  substanceMisuse: SubstanceMisuseInYear | null
}

/** A child's substance misuse problems identified in the 12 months, and what came of them by 31 March. */
export interface SubstanceMisuseInYear {
  identified: boolean
  /** An intervention received. */
  received: boolean
  /** An intervention offered and refused. */
  refused: boolean
}

/** What the youth justice service and the health trust posted for a year's OC2, by child. */
export interface Oc2ServiceFacts {
  /** The service has posted anything for the authority: a child with nothing in the year is then a 0. */
  convictionsReported: boolean
  substanceMisuseReported: boolean
  /** Children with a conviction in the 12 months. */
  convicted: ReadonlySet<string>
  /** Children with a problem identified in the 12 months. */
  substanceMisuse: ReadonlyMap<string, SubstanceMisuseInYear>
}

const NO_MISUSE: SubstanceMisuseInYear = { identified: false, received: false, refused: false }

/** The child's conviction and substance misuse inputs from what the services posted (null: the service has posted nothing). */
export function oc2ServiceInput(facts: Oc2ServiceFacts, childId: string): Pick<Oc2Input, 'convicted' | 'substanceMisuse'> {
  return {
    convicted: facts.convictionsReported ? facts.convicted.has(childId) : null,
    substanceMisuse: facts.substanceMisuseReported ? (facts.substanceMisuse.get(childId) ?? NO_MISUSE) : null,
  }
}

/** SUBSTANCE_MISUSE and the two INTERVENTION fields as one answer (see above). */
function substanceMisuseFacts(m: SubstanceMisuseInYear | null): Pick<Oc2Facts, 'substanceMisuse' | 'interventionReceived' | 'interventionOffered'> {
  if (m === null || !m.identified) return { substanceMisuse: m === null ? null : false, interventionReceived: null, interventionOffered: null }
  return { substanceMisuse: true, interventionReceived: m.received, interventionOffered: m.received ? null : m.refused }
}

/** The OC2 row of a child of the cohort (see above). */
export function oc2Facts(year: number, input: Oc2Input): Oc2Facts {
  const { start, end } = collectionYearBounds(year)
  const age = ageOn(input.dateOfBirth, end)
  const sdq = age >= 4 && ageOn(input.dateOfBirth, start) < 17
  const score = sdq ? input.sdqScore : null
  return {
    sdqScore: score,
    sdqReason: sdq && score === null ? input.sdqReason : null,
    convicted: age >= 10 ? input.convicted : null,
    healthCheck: age < 5 ? input.developmentAssessment : null,
    immunisations: input.immunisationsUpToDate === true,
    teethCheck: input.dentalCheck,
    healthAssessment: input.healthAssessment,
    ...substanceMisuseFacts(input.substanceMisuse),
  }
}

/** An episode as the care-leaver rule reads it (short breaks left out by the caller). */
export interface CareSpan {
  startDate: string
  endDate: string | null
  reasonEnded: string | null
  /** A cessation (5a, as stored with the episode: REC other than X1, or the end of care before a short break). */
  isCessation: boolean
}

const NOT_CARE_LEAVER = new Set(NOT_CARE_LEAVER_REASONS)
const CARE_LEAVER_DAYS = 91

/** The n-th birthday (a 29 February birthday on 1 March in other years). */
const birthday = (dob: string, n: number) => birthdayIn(dob, parseIsoDate(dob).year + n)

/** 5b: a care leaver (relevant or former relevant) on day x, from their episodes other than short breaks. */
export function careLeaverOn(dateOfBirth: string, spans: readonly CareSpan[], x: string): boolean {
  if (spans.some((s) => s.startDate <= x && (s.endDate === null || s.endDate > x))) return false
  const b14 = birthday(dateOfBirth, 14)
  const b16 = birthday(dateOfBirth, 16)
  let days = 0
  let after16 = false
  let last: CareSpan | null = null
  for (const s of spans) {
    if (s.startDate >= x) continue
    const to = s.endDate === null ? x : minDate(s.endDate, x)
    days += Math.max(0, daysBetween(maxDate(s.startDate, b14), to))
    if (maxDate(s.startDate, b16) < to) after16 = true
    if (s.isCessation && s.endDate !== null && s.endDate <= x && (last === null || s.endDate > (last.endDate as string))) last = s
  }
  return days >= CARE_LEAVER_DAYS && after16 && last !== null && !NOT_CARE_LEAVER.has(last.reasonEnded ?? '')
}

/** The birthday of a 17- to 21-year-old that falls in the collection year, or null for any other age. */
export function oc3Birthday(dateOfBirth: string, year: number): string | null {
  const { end } = collectionYearBounds(year)
  const age = ageOn(dateOfBirth, end)
  return age >= 17 && age <= 21 ? birthday(dateOfBirth, age) : null
}

/** A stored care leaver contact. */
export interface StoredContact {
  recordId: string
  date: string
  inTouch: string
  activity: string | null
  accommodationType: string | null
  accommodationSuitable: boolean | null
}

/** The contact nearest the birthday, from 3 months before to 1 month after it and on or before asAt; a tie: the later. */
export function nearestContact<C extends StoredContact>(contacts: readonly C[], birthdayOn: string, asAt: string): C | null {
  const first = addMonths(birthdayOn, -3)
  const last = minDate(addMonths(birthdayOn, 1), asAt)
  let best: C | null = null
  let bestDistance = Infinity
  for (const c of contacts) {
    if (c.date < first || c.date > last) continue
    const distance = Math.abs(daysBetween(birthdayOn, c.date))
    const better =
      best === null || distance < bestDistance || (distance === bestDistance && (c.date > best.date || (c.date === best.date && c.recordId > best.recordId)))
    if (better) {
      best = c
      bestDistance = distance
    }
  }
  return best
}

/** The OC3 row from the contact used (null: none in the window, so the codes are blank). */
export function oc3Facts(contact: StoredContact | null): Oc3Facts {
  if (contact === null) return { inTouch: null, activity: null, accommodation: null, accommodationType: null, accommodationSuitable: null }
  const parts = { type: contact.accommodationType, suitable: contact.accommodationSuitable }
  return {
    inTouch: contact.inTouch,
    activity: activityCode(contact.inTouch, contact.activity),
    accommodation: accommodationCode(contact.inTouch, parts),
    accommodationType: contact.accommodationType,
    accommodationSuitable: contact.accommodationSuitable,
  }
}

/** An OC3 row as the integration's 903 return sent it (ACCOM as written: 'U1', '0'). */
export interface SentOc3 {
  inTouch: string | null
  activity: string | null
  accommodation: string | null
}

/** The OC3 row the integration sent, as the return writes it. */
export function sentOc3Facts(sent: SentOc3): Oc3Facts {
  const { type, suitable } = splitAccommodation(sent.accommodation)
  return { inTouch: sent.inTouch, activity: sent.activity, accommodation: sent.accommodation, accommodationType: type, accommodationSuitable: suitable }
}

/**
 * The OC3 row a return writes for a care leaver of the year: the integration's row for the year wins
 * whole when it gives IN_TOUCH, as the council's case-management system is what it signs the return
 * from, and its IN_TOUCH, ACTIV and ACCOM are one answer (ACTIV and ACCOM follow IN_TOUCH: rules 344,
 * 345), never mixed with a contact's. A sent row with IN_TOUCH blank gives way to the contact nearest
 * the birthday (the leaving care service's records).
 */
export function mergeOc3(sent: SentOc3 | undefined, derived: Oc3Facts): Oc3Facts {
  return sent !== undefined && sent.inTouch !== null ? sentOc3Facts(sent) : derived
}

/**
 * The OC2 row a return writes when the integration sent one and the partner records give one: each
 * fact the integration gave wins (it is what the council's case-management system returns), and the
 * partner records fill what it left blank. The SDQ score and reason go together: the integration's pair
 * when it gave either, else the records'; so do SUBSTANCE_MISUSE and the INTERVENTION fields (rules
 * 158, 159, 192, 193 read them as one answer): the integration's three when it gave SUBSTANCE_MISUSE,
 * else the health trust's. CONVICTED: the integration's when given, else the youth justice service's.
 */
export function mergeOc2(sent: Oc2Facts | null, derived: Oc2Facts | null): Oc2Facts | null {
  if (sent === null || derived === null) return sent ?? derived
  const sdq = sent.sdqScore !== null || sent.sdqReason !== null ? sent : derived
  const misuse = sent.substanceMisuse !== null ? sent : derived
  return {
    sdqScore: sdq.sdqScore,
    sdqReason: sdq.sdqReason,
    convicted: sent.convicted ?? derived.convicted,
    healthCheck: sent.healthCheck ?? derived.healthCheck,
    immunisations: sent.immunisations ?? derived.immunisations,
    teethCheck: sent.teethCheck ?? derived.teethCheck,
    healthAssessment: sent.healthAssessment ?? derived.healthAssessment,
    substanceMisuse: misuse.substanceMisuse,
    interventionReceived: misuse.interventionReceived,
    interventionOffered: misuse.interventionOffered,
  }
}
