/**
 * Care-leaver records for a child whose care qualifies (domain doc 5b): 13 weeks (91 days) or more in
 * care on or after the 14th birthday, some of it on or after the 16th, short breaks ignored, and the
 * latest cessation not death, transfer, adoption or an order (SGO, residence/child arrangements).
 * Eligibility is as on the extract's end date. Contacts are dated after care ended, near the 17th to
 * 21st birthdays (the 5b window runs from 3 months before to 1 month after), with some in between;
 * pathway plans start at 16 or on eligibility and are reviewed about every 6 months.
 */
import { NOT_CARE_LEAVER_REASONS } from '../../../src/domain/code-lists/index.ts'
import { dayOf, iso } from './days.ts'
import { ageOnDay } from './care-period.ts'
import type { RecordContext } from './health.ts'
import type { WeightTable } from './random.ts'
import type { CareLeaverEligibility, DemoCareLeaver, DemoCareLeaverContact, DemoPathwayPlan, InTouchCode } from './types.ts'

/** An episode's span in day numbers (short breaks left out). */
export interface CareSpan {
  start: number
  /** DEC, or null while open. */
  end: number | null
  reasonEnded: string | null
}

const NOT_CARE_LEAVER = new Set(NOT_CARE_LEAVER_REASONS)
const ORDERS = new Set(['E41', 'E45', 'E46', 'E47', 'E48'])
const ELIGIBLE_DAYS = 91

const FIRST_NAMES = ['Sam', 'Alex', 'Jo', 'Chris', 'Priya', 'Amir', 'Hannah', 'Tom', 'Aisha', 'Ben', 'Kate', 'Imran', 'Lucy', 'Dan', 'Zara', 'Mark']
const SURNAMES = ['Patel', 'Smith', 'Hussain', 'Taylor', 'Khan', 'Walker', 'Wright', 'Ahmed', 'Green', 'Hall', 'Wood', 'Clarke', 'Ali', 'Hughes']

const ACTIVITY_17_18: WeightTable<string> = [
  ['F2', 35],
  ['P2', 4],
  ['F4', 6],
  ['P4', 1],
  ['F5', 10],
  ['P5', 4],
  ['F1', 2],
  ['G4', 8],
  ['G5', 24],
  ['G6', 6],
]
const ACTIVITY_19_21: WeightTable<string> = [
  ['F1', 8],
  ['P1', 1],
  ['F2', 10],
  ['P2', 3],
  ['F4', 5],
  ['P4', 1],
  ['F5', 22],
  ['P5', 9],
  ['G4', 10],
  ['G5', 24],
  ['G6', 7],
]
// Z (former foster carers) and T (foyers) are not for 17-year-olds (rules 3001, 347).
const ACCOMMODATION_17: WeightTable<string> = [
  ['D', 30],
  ['E', 10],
  ['B', 12],
  ['U', 12],
  ['C', 6],
  ['K', 4],
  ['Y', 3],
  ['V', 1],
  ['W', 1],
  ['S', 1],
  ['X', 1],
]
const ACCOMMODATION_18_PLUS: WeightTable<string> = [
  ['U', 28],
  ['D', 18],
  ['Z', 10],
  ['B', 12],
  ['E', 7],
  ['T', 3],
  ['K', 5],
  ['C', 3],
  ['Y', 3],
  ['W', 1],
  ['V', 1],
  ['S', 2],
  ['X', 2],
  ['R', 1],
  ['G', 0.5],
]
/** S (homeless) and X (custody) are only ever unsuitable; V, W and R mostly. */
const ALWAYS_UNSUITABLE = new Set(['S', 'X'])
const MOSTLY_UNSUITABLE = new Set(['V', 'W', 'R'])

export function careLeaverFor(ctx: RecordContext, spans: readonly CareSpan[]): DemoCareLeaver | null {
  const { random, childId, birthdays, endDay } = ctx
  if (spans.length === 0) return null
  const b = (n: number): number => birthdays[n] as number
  const endOf = (s: CareSpan): number => s.end ?? endDay + 1
  const inCare = spans.some((s) => s.start <= endDay && endOf(s) > endDay)
  const after16 = spans.some((s) => endOf(s) > b(16))

  // Days in care on or after the 14th birthday, and the day the 91st was reached.
  let days = 0
  let reached: number | null = null
  for (const s of spans) {
    const from = Math.max(s.start, b(14))
    const to = Math.min(endOf(s), endDay + 1)
    if (to <= from) continue
    if (reached === null && days + (to - from) >= ELIGIBLE_DAYS) reached = from + (ELIGIBLE_DAYS - days) - 1
    days += to - from
  }
  const ageNow = ageOnDay(birthdays, endDay)

  let eligibility: CareLeaverEligibility
  let leftOn: number | null = null
  if (inCare) {
    if (ageNow < 16 || reached === null) return null
    eligibility = 'eligible'
  } else {
    if (!after16) return null
    const last = spans.reduce((a, s) => (endOf(s) > endOf(a) ? s : a))
    leftOn = endOf(last)
    const rec = last.reasonEnded ?? ''
    if (ORDERS.has(rec)) eligibility = 'qualifying'
    else if (NOT_CARE_LEAVER.has(rec)) return null
    else if (reached === null) eligibility = 'qualifying'
    else eligibility = ageNow < 18 ? 'relevant' : 'former_relevant'
  }
  if (eligibility === 'qualifying' || reached === null) {
    return { childId, eligibility, personalAdviser: null, pathwayPlans: [], contacts: [] }
  }
  const eligibleFrom = Math.max(reached, b(16))

  // Personal adviser: allocated in the run-up to leaving care or to 18.
  let personalAdviser: DemoCareLeaver['personalAdviser'] = null
  if (random.chance(inCare ? 0.6 : 0.95)) {
    const target = leftOn === null ? b(18) : Math.min(leftOn, b(18))
    const day = Math.max(eligibleFrom, target - random.int(0, 200))
    if (day <= endDay) {
      personalAdviser = { allocatedOn: iso(day) }
      if (random.chance(0.85)) personalAdviser.name = `${random.pick(FIRST_NAMES)} ${random.pick(SURNAMES)}`
    }
  }

  // Contacts, only after care ended.
  const contacts: DemoCareLeaverContact[] = []
  if (leftOn !== null) {
    const left = leftOn
    const engaged = random.chance(0.8) ? 0.92 : 0.6
    const stayingPut = spans.some((s) => s.reasonEnded === 'E17')
    const dates: number[] = []
    for (let n = 17; n <= 21; n++) {
      const birthday = b(n)
      if (birthday <= left) continue
      let day = birthday + random.int(-60, 25)
      if (day <= left) day = left + random.int(1, 30)
      dates.push(day)
      if (random.chance(0.4)) dates.push(birthday + random.int(100, 250))
    }
    let last = left
    for (const day of dates.sort((x, y) => x - y)) {
      if (day <= last || day > endDay) continue
      last = day
      const age = ageOnDay(birthdays, day)
      let inTouch: InTouchCode
      if (random.chance(0.002)) inTouch = 'DIED'
      else if (random.chance(engaged)) inTouch = 'YES'
      else
        inTouch = random.weighted<InTouchCode>([
          ['NO', 45],
          ['REFU', 30],
          [age >= 19 ? 'NREQ' : 'NO', 15],
          ['RHOM', 10],
        ])
      const contact: DemoCareLeaverContact = { recordId: ctx.nextId('CL'), date: iso(day), inTouch, activity: null, accommodation: null }
      if (inTouch === 'YES') {
        contact.activity = random.weighted(age <= 18 ? ACTIVITY_17_18 : ACTIVITY_19_21)
        const type = age === 18 && stayingPut && random.chance(0.7) ? 'Z' : random.weighted(age <= 17 ? ACCOMMODATION_17 : ACCOMMODATION_18_PLUS)
        const unsuitable = ALWAYS_UNSUITABLE.has(type) || (MOSTLY_UNSUITABLE.has(type) ? random.chance(0.8) : random.chance(0.07))
        contact.accommodation = { type, suitability: unsuitable ? 2 : 1 }
      }
      contacts.push(contact)
      if (inTouch === 'DIED') break
    }
  }
  // Pathway plans: the first soon after eligibility, reviewed about every six months to 21 (some to 25),
  // rewritten at 18 for some.
  const pathwayPlans: DemoPathwayPlan[] = []
  let planDay = eligibleFrom + random.int(14, 90)
  if (leftOn !== null && planDay > leftOn + 60) planDay = leftOn + random.int(7, 60)
  // Reviewed to 21 (some to 25, in education), and never after a death is reported.
  const died = contacts.find((c) => c.inTouch === 'DIED')
  const plansUntil = Math.min(endDay, random.chance(0.15) ? b(25) : b(21), died === undefined ? endDay : dayOf(died.date) - 1)
  if (planDay <= plansUntil) {
    let plan: DemoPathwayPlan = { recordId: ctx.nextId('CL'), date: iso(planDay), reviews: [] }
    pathwayPlans.push(plan)
    let rewritten = false
    for (let day = planDay; ;) {
      day += random.chance(0.88) ? random.int(120, 182) : random.int(183, 270)
      if (day > plansUntil) break
      if (!rewritten && day >= b(18) && random.chance(0.35)) {
        plan = { recordId: ctx.nextId('CL'), date: iso(day), reviews: [] }
        pathwayPlans.push(plan)
        rewritten = true
        continue
      }
      plan.reviews.push(iso(day))
    }
  }

  return { childId, eligibility, personalAdviser, pathwayPlans, contacts }
}
