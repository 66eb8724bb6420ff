/**
 * The outline of every child's care before any episode is written: date of birth, admissions, the
 * pathway each period of care follows (return home, adoption, special guardianship, care to 18 ...)
 * and when it ends.
 *
 * Admissions arrive at a steady rate from 18 years before the extract starts (so the children in care
 * on its first day are there, with their histories), spaced evenly with jitter so every year has the
 * asked-for number. How long periods last is then calibrated so that the number in care on the end
 * date is the target: every length except care to 18 is multiplied by one factor k, found by
 * bisection. A longer length can only keep a child in care longer (capped at 18), so the count grows
 * with k and the bisection is exact to a child or two. Only if the target needs stays shorter than
 * half the model's are plans for care to 18 turned into returns home, again by bisection.
 */
import { addYears, fromDayNumber, toDayNumber } from '../../../src/domain/dates/calendar.ts'
import { birthdays } from './days.ts'
import { createRandom } from './random.ts'
import type { Random, WeightTable } from './random.ts'

export type Pathway = 'returnHome' | 'adoption' | 'sgo' | 'longTerm' | 'other' | 'remand'

export interface PeriodPlan {
  /** Day number of the admission. */
  start: number
  pathway: Pathway
  /** Length before calibration, in days (for longTerm: the length if calibration cuts it short). */
  baseDays: number
  /** Uniform in [0, 1): which long-term plans calibration cuts short first. */
  cut: number
  /** The length is multiplied by the calibration factor. */
  scaled: boolean
  /** A child leaving at 18 leaves this many days before the birthday (mostly 0). */
  earlyLeaveDays: number
  /** Day number of the end (set by calibration); after the extract's end date the period is open. */
  end: number
  /** The period ends because the child turns 18. */
  agedOut: boolean
}

export interface ChildPlan {
  /** Seed of the child's own random stream, so each child's detail is independent of the others. */
  seed: number
  /** Day number of birth. */
  dob: number
  /** Day number of the 18th birthday. */
  birthday18: number
  male: boolean
  uasc: boolean
  /** A disabled child on an agreed series of short breaks (V3), never otherwise in care. */
  shortBreaks: boolean
  /** Day numbers of the first and last short break (shortBreaks only). */
  breaksFrom: number
  breaksTo: number
  periods: PeriodPlan[]
}

export interface PlanOptions {
  seed: string
  /** Day numbers of the extract's first and last day. */
  windowStart: number
  endDay: number
  targetInCare: number
  admissionsPerYear: number
}

export interface Plans {
  children: ChildPlan[]
  /** The calibration factor found for lengths of care. */
  durationFactor: number
  /** Share of long-term plans cut short to reach the target (0 unless the target needs short stays). */
  cutLongTerm: number
}

const YEAR = 365.25

/** Ages at admission (non-UASC): many babies, few middle years, most teenagers (DfE starts by age). */
const AGE_AT_ENTRY: WeightTable<number> = [
  [0, 19],
  [1, 4],
  [2, 3.5],
  [3, 3.3],
  [4, 3.2],
  [5, 3.1],
  [6, 3],
  [7, 3],
  [8, 3],
  [9, 2.9],
  [10, 4.5],
  [11, 5],
  [12, 5.8],
  [13, 6.5],
  [14, 6.8],
  [15, 6.4],
  [16, 8.5],
  [17, 6],
]
const UASC_AGE: WeightTable<number> = [
  [14, 1],
  [15, 2],
  [16, 3.5],
  [17, 2.5],
]

/** Share of new children who are unaccompanied asylum seekers. */
const UASC_SHARE = 0.1
/** Share of admission slots that are a return to care of a child who went home earlier. */
const READMISSION_SHARE = 0.12
/** Chance that a child going home young is one who will come back. */
const COMES_BACK = 0.45
/** Short-break (V3) children per 100 admissions a year. */
const SHORT_BREAK_CHILDREN_PER_ADMISSION = 0.12

function pathwayTable(age: number): WeightTable<Pathway> {
  if (age < 1)
    return [
      ['adoption', 28],
      ['sgo', 14],
      ['returnHome', 24],
      ['longTerm', 34],
    ]
  if (age < 5)
    return [
      ['adoption', 15],
      ['sgo', 15],
      ['returnHome', 28],
      ['longTerm', 42],
    ]
  if (age < 10)
    return [
      ['sgo', 8],
      ['returnHome', 30],
      ['longTerm', 57],
      ['other', 5],
    ]
  if (age < 14)
    return [
      ['sgo', 4],
      ['returnHome', 32],
      ['longTerm', 59],
      ['other', 5],
    ]
  if (age < 16)
    return [
      ['returnHome', 30],
      ['longTerm', 60],
      ['other', 6],
      ['remand', 4],
    ]
  return [
    ['returnHome', 28],
    ['longTerm', 57],
    ['other', 10],
    ['remand', 5],
  ]
}

function baseDays(pathway: Pathway, random: Random): number {
  switch (pathway) {
    case 'returnHome':
      return random.logNormal(300, 1.1)
    case 'adoption':
      return random.logNormal(700, 0.3)
    case 'sgo':
      return random.logNormal(720, 0.45)
    case 'other':
      return random.logNormal(220, 1)
    case 'remand':
      return random.logNormal(50, 0.6)
    case 'longTerm':
      // Used only if calibration cuts this plan short (see endFor): then it is a return home.
      return random.logNormal(300, 1.1)
  }
}

function birthday18(dob: number): number {
  return birthdays(dob, 19)[18] as number
}

/** Days old at admission for a child of `age` whole years. Most babies come in within weeks of birth. */
function ageInDays(age: number, random: Random): number {
  if (age === 0) {
    const r = random.float()
    if (r < 0.4) return random.int(0, 14)
    if (r < 0.65) return random.int(15, 90)
    return random.int(91, 360)
  }
  return Math.floor(age * YEAR) + random.int(1, 360)
}

function newPeriod(start: number, pathway: Pathway, random: Random, scaled = true): PeriodPlan {
  return {
    start,
    pathway,
    baseDays: Math.max(1, baseDays(pathway, random)),
    cut: random.float(),
    scaled,
    earlyLeaveDays: random.chance(0.12) ? random.int(1, 28) : 0,
    end: start + 1,
    agedOut: false,
  }
}

/**
 * The calibration: k multiplies every length except care to 18; the long-term plans whose `cut` is
 * below q become returns home (used only when even the shortest k leaves too many in care).
 */
interface Calibration {
  k: number
  q: number
}

/** The end of a period under a calibration, and whether the child ages out. */
function endFor(p: PeriodPlan, child: ChildPlan, { k, q }: Calibration): { end: number; agedOut: boolean } {
  const leaveAt18 = Math.max(p.start + 1, child.birthday18 - p.earlyLeaveDays)
  if (p.pathway === 'longTerm' && p.cut >= q) return { end: leaveAt18, agedOut: true }
  const end = p.start + Math.max(1, Math.round(p.baseDays * (p.scaled ? k : 1)))
  return end >= leaveAt18 ? { end: leaveAt18, agedOut: true } : { end, agedOut: false }
}

function inCareOn(children: readonly ChildPlan[], day: number, calibration: Calibration): number {
  let n = 0
  for (const child of children) {
    if (child.shortBreaks) continue
    for (const p of child.periods) {
      if (p.start <= day && endFor(p, child, calibration).end > day) {
        n++
        break
      }
    }
  }
  return n
}

/** Plans for every child whose care touches the extract, calibrated to the in-care target. */
export function planChildren(options: PlanOptions): Plans {
  const random = createRandom(options.seed, 'plans')
  const { windowStart, endDay } = options
  const horizon = toDayNumber(addYears(fromDayNumber(windowStart), -18))
  const children: ChildPlan[] = []

  const newChild = (start: number, uasc: boolean): ChildPlan => {
    const age = uasc ? random.weighted(UASC_AGE) : random.weighted(AGE_AT_ENTRY)
    let dob = start - ageInDays(age, random)
    // A child admitted just before turning 18 needs at least two days of care.
    while (birthday18(dob) <= start + 2) dob += 7
    const child: ChildPlan = {
      seed: random.fork(),
      dob,
      birthday18: birthday18(dob),
      male: random.chance(uasc ? 0.92 : 0.55),
      uasc,
      shortBreaks: false,
      breaksFrom: 0,
      breaksTo: 0,
      periods: [],
    }
    children.push(child)
    return child
  }

  // Admission slots, evenly spaced with jitter: each year gets its share, give or take one.
  const slots = Math.max(1, Math.round((options.admissionsPerYear * (endDay - horizon + 1)) / YEAR))
  const span = endDay - horizon + 1
  const comingBack: { child: ChildPlan; from: number }[] = []
  for (let i = 0; i < slots; i++) {
    const day = horizon + Math.floor(((i + random.float()) * span) / slots)
    if (random.chance(READMISSION_SHARE)) {
      const ready = comingBack.filter((c) => c.from <= day && c.child.birthday18 - day > 200)
      if (ready.length > 0) {
        const pickIndex = random.int(0, ready.length - 1)
        const back = ready[pickIndex] as { child: ChildPlan; from: number }
        comingBack.splice(comingBack.indexOf(back), 1)
        const age = Math.floor((day - back.child.dob) / YEAR)
        let pathway = random.weighted(pathwayTable(age))
        if (pathway === 'adoption' && age >= 4) pathway = 'sgo'
        back.child.periods.push(newPeriod(day, pathway, random))
        continue
      }
    }
    const uasc = random.chance(UASC_SHARE)
    const child = newChild(day, uasc)
    const age = Math.floor((day - child.dob) / YEAR)
    if (uasc) {
      child.periods.push(newPeriod(day, random.chance(0.85) ? 'longTerm' : 'other', random))
      continue
    }
    const pathway = random.weighted(pathwayTable(age))
    if (pathway === 'returnHome' && age <= 14 && random.chance(COMES_BACK)) {
      // A first, short stay that is not calibrated, so the return's date does not depend on k.
      const first = newPeriod(day, pathway, random, false)
      first.baseDays = Math.max(2, random.logNormal(110, 0.9))
      child.periods.push(first)
      comingBack.push({ child, from: day + Math.round(first.baseDays) + random.int(28, 120) })
    } else {
      child.periods.push(newPeriod(day, pathway, random))
    }
  }

  // Disabled children on short breaks: a few per authority, each for one to five years.
  const shortBreakChildren = Math.max(1, Math.round(options.admissionsPerYear * SHORT_BREAK_CHILDREN_PER_ADMISSION))
  for (let i = 0; i < shortBreakChildren; i++) {
    const from = random.int(windowStart - 3 * 365, endDay - 60)
    const to = Math.min(from + random.int(365, 5 * 365), endDay)
    const dob = from - random.int(5 * 365, 13 * 365)
    if (to <= windowStart) continue
    children.push({
      seed: random.fork(),
      dob,
      birthday18: birthday18(dob),
      male: random.chance(0.65),
      uasc: false,
      shortBreaks: true,
      breaksFrom: from,
      breaksTo: Math.min(to, birthday18(dob) - 30),
      periods: [],
    })
  }

  const calibration = calibrate(options.targetInCare, (c) => inCareOn(children, endDay, c))
  for (const child of children) {
    for (const p of child.periods) Object.assign(p, endFor(p, child, calibration))
  }
  // The extract holds the children whose care reaches its first day or later.
  const kept = children.filter((c) => (c.shortBreaks ? c.breaksTo > windowStart : c.periods.some((p) => p.end >= windowStart)))
  // Order by first contact with care, so child ids follow history.
  kept.sort((a, b) => firstDay(a) - firstDay(b))
  return { children: kept, durationFactor: calibration.k, cutLongTerm: calibration.q }
}

/** Lengths within a factor of 2 of the model's before any care to 18 is cut short. */
const K_MIN = 0.5
const K_MAX = 50

/**
 * Bisection for the calibration that brings the count in care to the target: first on log k (the
 * count grows with k); if even K_MIN leaves too many, then on q (the count falls as q grows).
 */
function calibrate(target: number, count: (c: Calibration) => number): Calibration {
  const closest = (a: Calibration, b: Calibration): Calibration => (Math.abs(count(a) - target) <= Math.abs(count(b) - target) ? a : b)
  if (count({ k: K_MIN, q: 0 }) <= target) {
    let lo = Math.log(K_MIN)
    let hi = Math.log(K_MAX)
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2
      if (count({ k: Math.exp(mid), q: 0 }) < target) lo = mid
      else hi = mid
    }
    return closest({ k: Math.exp(lo), q: 0 }, { k: Math.exp(hi), q: 0 })
  }
  let lo = 0
  let hi = 1
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2
    if (count({ k: K_MIN, q: mid }) > target) lo = mid
    else hi = mid
  }
  return closest({ k: K_MIN, q: lo }, { k: K_MIN, q: hi })
}

function firstDay(c: ChildPlan): number {
  return c.shortBreaks ? c.breaksFrom : (c.periods[0] as PeriodPlan).start
}
