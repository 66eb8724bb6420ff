/**
 * Health checks and SDQs for a child's periods of care, as the health trust and virtual school would
 * send them. Only dates inside the extract (window start to end date), inside a period of care (from
 * its first day to the day before it ends) and never after the end date are produced.
 *
 * - Initial health assessments: most within 20 working days of the admission, some late, a few never
 *   done; now and then a missed appointment first.
 * - Review health assessments chained from the last one done: due 6 months later while the child will
 *   be under 5 on the due date, else 12 months; mostly on time, some late, a few declined or missed and
 *   rebooked. Development assessments go with them for under-5s, an immunisations review with each.
 * - Dental checks about yearly for most children from age 1, some missed and rebooked.
 * - SDQs yearly for 4-16 year olds in care 12 months or more: a score (mean about 14) or a reason.
 */
import { ageOnDay } from './care-period.ts'
import { iso, plusMonths, plusWorkingDays } from './days.ts'
import type { Random, WeightTable } from './random.ts'
import type { DemoHealthCheck, DemoSdqReturn, HealthCheckKind, HealthCheckOutcome, SdqInformant, SdqReasonCode } from './types.ts'

export interface CarePeriodSpan {
  start: number
  /** Day the period ended, or a day after the extract's end when it is still open. */
  end: number
  categoryOfNeed: string
}

export interface RecordContext {
  random: Random
  childId: string
  birthdays: readonly number[]
  windowStart: number
  endDay: number
  nextId: (kind: 'HC' | 'SDQ' | 'CL') => string
}

export function healthChecksFor(ctx: RecordContext, periods: readonly CarePeriodSpan[]): DemoHealthCheck[] {
  const { random, childId, birthdays, windowStart, endDay } = ctx
  const out: DemoHealthCheck[] = []
  // Some children are reliably immunised, a few persistently not.
  const immunised = random.chance(0.9) ? 0.97 : 0.3
  const dentalRegular = random.chance(0.88)

  for (const period of periods) {
    const last = Math.min(period.end - 1, endDay)
    const within = (day: number): boolean => day >= windowStart && day >= period.start && day <= last
    const emit = (kind: HealthCheckKind, day: number, outcome: HealthCheckOutcome = 'completed'): void => {
      if (!within(day)) return
      const record: DemoHealthCheck = { recordId: ctx.nextId('HC'), childId, kind, date: iso(day), outcome }
      if (kind === 'immunisations_review') record.immunisationsUpToDate = random.chance(immunised)
      out.push(record)
    }
    const missedFirst = (kind: HealthCheckKind, day: number, age: number): void => {
      if (!random.chance(0.07)) return
      const outcome = random.weighted<HealthCheckOutcome>(
        age >= 15
          ? [
              ['declined', 50],
              ['did_not_attend', 35],
              ['cancelled', 15],
            ]
          : [
              ['did_not_attend', 60],
              ['cancelled', 40],
            ],
      )
      const before = day - random.int(7, 30)
      if (before > period.start) emit(kind, before, outcome)
    }
    /** An assessment done: with a development check under 5 and an immunisations review. */
    const assessed = (kind: HealthCheckKind, day: number): void => {
      const age = ageOnDay(birthdays, day)
      missedFirst(kind, day, age)
      emit(kind, day)
      if (age < 5) emit('development_assessment', day)
      emit('immunisations_review', day)
    }

    // Initial health assessment (for admissions inside the extract).
    let lastAssessment: number
    if (period.start >= windowStart) {
      const deadline = plusWorkingDays(period.start, 20) // the IHA deadline
      const r = random.float()
      if (r < 0.76) lastAssessment = random.int(Math.min(period.start + 3, deadline), deadline)
      else if (r < 0.93) lastAssessment = deadline + random.int(1, 45)
      else lastAssessment = deadline + random.int(46, 120) // never done: the review cycle starts anyway
      if (r < 0.93 && lastAssessment <= last) assessed('initial_health_assessment', lastAssessment)
    } else {
      // In care before the extract: the last assessment was some time in the months before it.
      lastAssessment = windowStart - random.int(0, ageOnDay(birthdays, windowStart) < 5 ? 170 : 330)
    }

    // Review health assessments, chained from the last one done.
    for (;;) {
      const six = plusMonths(lastAssessment, 6)
      const due = ageOnDay(birthdays, six) < 5 ? six : plusMonths(lastAssessment, 12)
      const r = random.float()
      const day = r < 0.8 ? due - random.int(0, Math.min(40, due - lastAssessment - 30)) : r < 0.95 ? due + random.int(1, 60) : due + random.int(61, 150)
      if (day > last) break
      assessed('review_health_assessment', day)
      lastAssessment = day
    }

    // Dental checks, about yearly from age 1.
    if (dentalRegular) {
      let day = Math.max(period.start + random.int(20, 120), (birthdays[1] as number) + random.int(0, 60))
      if (day < windowStart) day = windowStart + random.int(0, 300)
      while (day <= last) {
        const outcome = random.weighted<HealthCheckOutcome>([
          ['completed', 88],
          ['did_not_attend', 8],
          ['cancelled', 4],
        ])
        emit('dental_check', day, outcome)
        if (outcome !== 'completed') {
          day += random.int(14, 60)
          continue
        }
        day += random.int(330, 400)
      }
    }
  }
  return out
}

/** Four subscales (0-10 each) adding up to the total (0-40), in proportion to random weights. */
export function splitTotal(random: Random, total: number): [number, number, number, number] {
  const weights = [random.float() + 0.6, random.float() + 0.5, random.float() + 0.8, random.float() + 0.4]
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (total * w) / sum)
  const parts = exact.map((x) => Math.min(10, Math.floor(x)))
  let left = total - parts.reduce((a, b) => a + b, 0)
  // Hand out what rounding left over, largest remainder first, never above 10.
  const order = [0, 1, 2, 3].sort((a, b) => (exact[b] as number) - Math.floor(exact[b] as number) - ((exact[a] as number) - Math.floor(exact[a] as number)))
  while (left > 0) {
    for (const i of order) {
      if (left > 0 && (parts[i] as number) < 10) {
        parts[i] = (parts[i] as number) + 1
        left--
      }
    }
  }
  return parts as [number, number, number, number]
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x))
}

const REASONS_11_PLUS: WeightTable<SdqReasonCode> = [
  ['SDQ2', 30],
  ['SDQ4', 45],
  ['SDQ5', 25],
]
const REASONS_UNDER_11: WeightTable<SdqReasonCode> = [
  ['SDQ2', 40],
  ['SDQ4', 60],
]

export function sdqReturnsFor(ctx: RecordContext, periods: readonly CarePeriodSpan[]): DemoSdqReturn[] {
  const { random, childId, birthdays, windowStart, endDay } = ctx
  const out: DemoSdqReturn[] = []
  // Each child has their own level of difficulty; returns vary around it.
  const level = clamp(random.normal(14, 5.5), 1, 34)
  for (const period of periods) {
    const last = Math.min(period.end - 1, endDay)
    for (let year = 1; ; year++) {
      const anniversary = plusMonths(period.start, 12 * year)
      if (anniversary > last) break
      const day = anniversary + random.int(0, 60)
      const age = ageOnDay(birthdays, day)
      if (day > last || day < windowStart || age < 4 || age > 16) continue
      const informant: SdqInformant = age >= 11 && random.chance(0.1) ? 'self' : random.chance(0.1) ? 'teacher' : 'carer'
      const record: DemoSdqReturn = {
        recordId: ctx.nextId('SDQ'),
        childId,
        date: iso(day),
        informant,
        total: null,
        emotional: null,
        conduct: null,
        hyperactivity: null,
        peer: null,
        prosocial: null,
        reasonCode: null,
      }
      out.push(record)
      const disabled = period.categoryOfNeed === 'N2'
      if (random.chance(disabled ? 0.35 : 0.11)) {
        record.reasonCode = disabled && random.chance(0.7) ? 'SDQ3' : random.weighted<SdqReasonCode>(age >= 11 ? REASONS_11_PLUS : REASONS_UNDER_11)
        continue
      }
      const total = clamp(Math.round(random.normal(level, 3)), 0, 40)
      const parts = splitTotal(random, total)
      record.total = total
      record.emotional = parts[0]
      record.conduct = parts[1]
      record.hyperactivity = parts[2]
      record.peer = parts[3]
      record.prosocial = clamp(Math.round(random.normal(7, 2)), 0, 10)
    }
  }
  return out
}
