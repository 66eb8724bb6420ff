/**
 * One period of care as SSDA903 episodes. The period's dates and pathway come from the plan; here the
 * story inside it is drawn: the legal status track (police protection or s20 to interim and full care
 * orders, placement orders before adoption), the placement track (an emergency placement, moves with
 * their reasons, long-term matching with the same carers, placements with parents before going home,
 * adoptive placements, a move to supported accommodation at 16), temporary placements with the return
 * to the same placement, and the reason the period ended. The two tracks are then merged into
 * episodes whose reason for new episode says exactly what changed (L, P, T, B, U), so that a history
 * built here passes checkEpisodes without a finding.
 */
import type { Episode } from '../../../src/domain/care-history/types.ts'
import { iso } from './days.ts'
import type { Pathway } from './plans.ts'
import {
  adoptionPlace,
  anotherPlace,
  firstPlace,
  fosterPlace,
  isFoster,
  isKinship,
  isSemiIndependent,
  movePlace,
  parentsPlace,
  recodedZ1,
  registeredAsK3,
  REGISTRATION_DAY,
  supportedPlace,
  temporaryPlace,
  Z_SPLIT_DAY,
} from './places.ts'
import type { Place, PlaceContext } from './places.ts'
import type { Random, WeightTable } from './random.ts'

/** What the builder needs to know about the child. */
export interface ChildFacts {
  /** Day numbers of birthdays: birthdays[n] is the n-th (birthdays[0] the birth). */
  birthdays: readonly number[]
  uasc: boolean
  homePostcode: string | null
}

export interface PeriodInput {
  start: number
  /** Planned end; when after endDay the period is still open at the end of the extract. */
  end: number
  pathway: Pathway
  agedOut: boolean
  categoryOfNeed: string
  /** The extract's last day. */
  endDay: number
}

/** Whole years of age on a day. */
export function ageOnDay(birthdays: readonly number[], day: number): number {
  let n = 0
  while (n + 1 < birthdays.length && (birthdays[n + 1] as number) <= day) n++
  return n
}

interface PlacementChange {
  day: number
  place: Place
  /** Same carer(s): RNE T (or U with a legal change), else P (or B). */
  sameCarer: boolean
  /** REASON_PLACE_CHANGE for the episode this change ends. */
  reason: string
}

interface LegalChange {
  day: number
  legalStatus: string
}

/** A milestone the story must reach: a placement change on a set day. */
interface Milestone {
  day: number
  make: (current: Place) => { place: Place; sameCarer: boolean; reason: string }
  /** No more unplanned moves after it (adoptive placement, home to parents, kinship carers for an SGO). */
  settles: boolean
}

/** Reasons for an unplanned or planned change of carer (REASON_PLACE_CHANGE). */
function moveReason(random: Random, age: number): string {
  const table: WeightTable<string> =
    age >= 12
      ? [
          ['CARPL', 30],
          ['CREQB', 22],
          ['CREQO', 10],
          ['CHILD', 12],
          ['LAREQ', 6],
          ['ALLEG', 4],
          ['STAND', 4],
          ['APPRR', 2],
          ['CLOSE', 5],
          ['OTHER', 5],
        ]
      : [
          ['CARPL', 45],
          ['CREQB', 10],
          ['CREQO', 16],
          ['CHILD', 2],
          ['LAREQ', 6],
          ['ALLEG', 5],
          ['STAND', 4],
          ['APPRR', 3],
          ['CLOSE', 5],
          ['OTHER', 4],
        ]
  return random.weighted(table)
}

const TEMPORARY_TYPES: WeightTable<string> = [
  ['T2', 45],
  ['T3', 35],
  ['T1', 10],
  ['T4', 10],
]
const RETURN_HOME: WeightTable<string> = [
  ['E4A', 72],
  ['E4B', 10],
  ['E13', 10],
  ['E41', 8],
]

/** Temporary placements (holidays, respite, hospital) a year, for a fostered child. */
const TEMPORARY_RATE = 0.08

/** Unplanned moves a year, by age. */
function moveRate(age: number): number {
  if (age < 5) return 0.22
  if (age < 12) return 0.3
  if (age < 16) return 0.5
  return 0.45
}

interface Exit {
  /** REC, chosen once the last placement is known (some depend on it). */
  decide: (last: Place) => string
}

/** Builds one period of care; returns its episodes in order. */
export function buildPeriod(random: Random, ctx: PlaceContext, child: ChildFacts, input: PeriodInput): Episode[] {
  const { start, end, endDay, categoryOfNeed } = input
  const open = end > endDay
  /** The last day an episode can start: the day before the end, and never after the extract. */
  const lastDay = Math.min(end - 1, endDay)
  const ageAt = (day: number): number => ageOnDay(child.birthdays, day)
  const ageAtStart = ageAt(start)
  const ageAtEnd = ageAt(Math.min(end, endDay))
  const birthday16 = child.birthdays[16] as number
  const length = end - start

  // Whoever reaches 18 in care leaves at 18; care planned to 18 but cut short (only when the
  // calibration needs short stays) ends as a return home.
  let pathway: Pathway = input.agedOut ? 'longTerm' : input.pathway === 'longTerm' ? 'returnHome' : input.pathway
  // Adoption needs a young child and time to place; otherwise special guardianship or home.
  if (pathway === 'adoption' && (ageAt(end) >= 9 || length < 150)) pathway = length < 150 ? 'returnHome' : 'sgo'

  const milestones: Milestone[] = []
  let parentsDay: number | null = null
  let adoption: { day: number; consent: boolean; withCurrentCarers: boolean } | null = null
  let exit: Exit

  switch (pathway) {
    case 'adoption': {
      const day = end - Math.round(Math.min(Math.max(random.logNormal(300, 0.35), 90), length * 0.6))
      adoption = { day, consent: random.chance(0.1), withCurrentCarers: random.chance(0.2) }
      exit = { decide: () => (random.chance(0.7) ? 'E11' : 'E12') }
      break
    }
    case 'sgo': {
      if (random.chance(0.4) && length > 120) {
        const day = end - Math.round(Math.min(random.logNormal(240, 0.4), length * 0.6))
        milestones.push({
          day,
          settles: true,
          make: (cur) => ({ place: anotherPlace(ctx, cur, () => fosterPlace(ctx, 'U3')), sameCarer: false, reason: 'CARPL' }),
        })
      }
      exit = {
        decide: (last) => (isKinship(last.type) ? 'E45' : isFoster(last.type) ? 'E46' : random.chance(0.6) ? 'E47' : 'E48'),
      }
      break
    }
    case 'returnHome': {
      if (length > 90 && !child.uasc && child.homePostcode !== null && random.chance(0.35)) {
        parentsDay = end - Math.round(Math.min(Math.max(random.logNormal(200, 0.7), 30), length * 0.7))
        milestones.push({
          day: parentsDay,
          settles: true,
          make: () => ({ place: parentsPlace(ctx), sameCarer: false, reason: 'CARPL' }),
        })
      }
      // From a placement with parents the care order is discharged as planned (E4A).
      const rec = parentsDay !== null ? (random.chance(0.9) ? 'E4A' : 'E41') : random.weighted(RETURN_HOME)
      exit = { decide: () => rec }
      break
    }
    case 'remand': {
      const rec = random.weighted<string>([
        ['E14', 80],
        ['E9', 15],
        ['E4B', 5],
      ])
      exit = { decide: () => rec }
      break
    }
    case 'other': {
      let rec: string
      if (child.uasc)
        rec = random.weighted<string>([
          ['E15', 30],
          ['E3', 40],
          ['E16', 10],
          ['E8', 20],
        ])
      else if (ageAtEnd >= 16)
        rec = random.weighted<string>([
          ['E5', 35],
          ['E6', 10],
          ['E3', 20],
          ['E13', 15],
          ['E16', 5],
          ['E9', 12],
          ['E2', 3],
        ])
      else
        rec = random.weighted<string>([
          ['E3', 50],
          ['E13', 25],
          ['E16', 10],
          ['E4B', 13],
          ['E2', 2],
        ])
      if (rec === 'E9' && ageAtEnd < 12) rec = 'E3'
      // Independent living from supported accommodation, which is for 16 and over.
      const supportedFrom = Math.max(end - random.int(30, 180), birthday16, start + 14)
      if ((rec === 'E5' || rec === 'E6') && supportedFrom < end - 7) {
        milestones.push({
          day: supportedFrom,
          settles: false,
          make: (cur) => ({
            place: anotherPlace(ctx, cur, () => supportedPlace(ctx, supportedFrom)),
            sameCarer: false,
            reason: 'CARPL',
          }),
        })
      }
      exit = { decide: () => rec }
      break
    }
    case 'longTerm': {
      // Some move on to supported accommodation after 16; the rest stay with their carers to 18.
      const from = Math.max(start + 30, birthday16)
      if (end - 45 > from && random.chance(0.35)) {
        const day = from + random.int(0, Math.min(600, end - 45 - from))
        milestones.push({
          day,
          settles: false,
          make: (cur) => ({ place: anotherPlace(ctx, cur, () => supportedPlace(ctx, day)), sameCarer: false, reason: 'CARPL' }),
        })
      }
      exit = {
        decide: (last) => {
          // Staying put (E17) is for those who turn 18 with their carers; leaving earlier is E8.
          const at18 = end >= (child.birthdays[18] as number)
          if (isFoster(last.type)) return at18 && random.chance(0.55) ? 'E17' : 'E8'
          if (isSemiIndependent(last.type)) return random.chance(0.5) ? 'E5' : 'E8'
          if (last.type === 'K2' && categoryOfNeed === 'N2' && random.chance(0.4)) return 'E7'
          return 'E8'
        },
      }
      break
    }
  }

  // --- Legal status ---------------------------------------------------------------------------
  const legal: LegalChange[] = []
  const addLegal = (day: number, legalStatus: string): void => {
    const prev = legal[legal.length - 1]
    if (day > lastDay || (prev !== undefined && (day <= prev.day || prev.legalStatus === legalStatus))) return
    legal.push({ day, legalStatus })
  }
  const after = (median: number, sigma: number, min = 1): number => Math.max(min, Math.round(random.logNormal(median, sigma)))
  const young = ageAtStart < 10
  let entry: string
  if (pathway === 'remand') entry = 'J1'
  else if (child.uasc) entry = 'V2'
  else if (adoption?.consent === true) entry = 'V2'
  else if (pathway === 'adoption')
    entry = random.weighted<string>([
      ['C1', 65],
      ['L2', 10],
      ['V2', 25],
    ])
  else if (parentsDay !== null) entry = parentsDay - start > 90 && random.chance(0.2) ? 'V2' : 'C1'
  else if (pathway === 'returnHome')
    entry = random.weighted<string>([
      ['V2', 65],
      ['C1', 15],
      ['L1', 12],
      ['L2', 8],
    ])
  else if (pathway === 'sgo')
    entry = random.weighted<string>([
      ['C1', 55],
      ['V2', 35],
      ['L1', 10],
    ])
  else
    entry = random.weighted<string>(
      young
        ? [
            ['C1', 60],
            ['V2', 25],
            ['L1', 8],
            ['L2', 7],
          ]
        : [
            ['V2', 60],
            ['C1', 28],
            ['L1', 8],
            ['L2', 4],
          ],
    )
  legal.push({ day: start, legalStatus: entry })

  // Police protection lasts at most 72 hours, an EPO at most 21 days.
  if (entry === 'L1') addLegal(start + random.int(1, 3), random.chance(0.5) || pathway === 'returnHome' ? 'V2' : 'C1')
  if (entry === 'L2') addLegal(start + random.int(5, 21), 'C1')
  const current = (): LegalChange => legal[legal.length - 1] as LegalChange
  const wantsOrder =
    parentsDay !== null ||
    (pathway === 'adoption' && adoption?.consent !== true) ||
    (current().legalStatus === 'V2' && !child.uasc && pathway !== 'remand' && random.chance(pathway === 'returnHome' ? 0.08 : young ? 0.6 : 0.25))
  if (current().legalStatus === 'V2' && wantsOrder) {
    const latest = parentsDay ?? adoption?.day ?? lastDay
    addLegal(Math.min(current().day + after(60, 0.6, 7), latest - 20), 'C1')
  }
  if (current().legalStatus === 'C1') {
    const hearing = current().day + after(200, 0.25, 60)
    if (pathway === 'adoption' && adoption !== null) {
      // The placement order comes with the care order or after it, weeks before the adoptive placement.
      const latest = adoption.day - random.int(14, 60)
      if (random.chance(0.3)) addLegal(Math.min(hearing, latest - 30), 'C2')
      addLegal(Math.min(Math.max(hearing, current().day + 14), latest), 'E1')
    } else if (parentsDay !== null) {
      if (hearing < parentsDay - 7 && random.chance(0.6)) addLegal(hearing, 'C2')
    } else if (random.chance(0.85)) {
      addLegal(hearing, 'C2')
    }
  }
  if (adoption !== null && adoption.consent !== true && current().legalStatus !== 'E1') {
    // Too short a run-up for the usual order: the placement order is made on the day of placement.
    addLegal(adoption.day, 'E1')
  }
  const fullOrder = legal.find((l) => l.legalStatus === 'C2')

  // --- Placements -----------------------------------------------------------------------------
  if (adoption !== null && adoption.day > start && adoption.day <= lastDay) {
    const a = adoption
    milestones.push({
      day: a.day,
      settles: true,
      make: (cur) => {
        const withCarers = isFoster(cur.type) && (cur.type === 'U5' || a.withCurrentCarers)
        const type = a.consent ? (withCarers ? 'A3' : 'A4') : withCarers ? 'A5' : 'A6'
        return { place: adoptionPlace(ctx, type, cur), sameCarer: withCarers, reason: 'CARPL' }
      },
    })
  }
  if (fullOrder !== undefined && (pathway === 'longTerm' || pathway === 'sgo')) {
    const r = random.float()
    if (r < 0.2) {
      // The final hearing approves the plan: long-term fostering with the same carers (RNE U), or a
      // planned move to the long-term carers (RNE B).
      milestones.push({
        day: fullOrder.day,
        settles: false,
        make: (cur) =>
          cur.type === 'U6' || cur.type === 'U3'
            ? { place: { ...cur, type: cur.type === 'U6' ? 'U4' : 'U1' }, sameCarer: true, reason: 'CARPL' }
            : { place: anotherPlace(ctx, cur, () => fosterPlace(ctx, 'U4')), sameCarer: false, reason: 'CARPL' },
      })
    } else if (r < 0.27 && pathway === 'longTerm' && child.homePostcode !== null) {
      // Placed back with parents under the care order, to 18.
      milestones.push({
        day: fullOrder.day + after(120, 0.6, 14),
        settles: true,
        make: () => ({ place: parentsPlace(ctx), sameCarer: false, reason: 'CARPL' }),
      })
    }
  }
  const forced = milestones
    .filter((m) => m.day > start && m.day <= lastDay)
    .sort((a, b) => a.day - b.day)
    .filter((m, i, all) => i === 0 || m.day > (all[i - 1] as Milestone).day)

  const first = firstPlace(ctx, ageAtStart, start, {
    uasc: child.uasc,
    forAdoption: pathway === 'adoption',
    remand: pathway === 'remand',
  })
  const placements: PlacementChange[] = [{ day: start, place: first, sameCarer: false, reason: 'CARPL' }]
  const instability = random.logNormal(1, 0.75)
  let cur = first
  let since = start
  let settled = false
  // Not every placement becomes the long-term one: some children move on first, some stay short-term.
  let willMatch = random.chance(0.55)
  const matchAfter = pathway === 'longTerm' || pathway === 'sgo' ? after(420, 0.45, 90) : Number.POSITIVE_INFINITY
  // Long-term placements (matched foster carers) break down less often.
  const nextMove = (from: number): number => {
    const settledIn = cur.type === 'U4' || cur.type === 'U1' ? 0.35 : 1
    return from + Math.max(7, Math.round(random.exponential(365 / (moveRate(ageAt(from)) * instability * settledIn))))
  }
  // An emergency placement followed within weeks by the planned one.
  let randomDay = random.chance(0.3) ? start + after(25, 0.6, 3) : nextMove(start)
  let m = 0
  for (;;) {
    const milestone = forced[m]
    type Kind = 'milestone' | 'move' | 'match' | 'registration' | 'zsplit'
    const next: { day: number; kind: Kind } = { day: Number.POSITIVE_INFINITY, kind: 'move' }
    const consider = (d: number, k: Kind): void => {
      if (d > since && d < next.day) {
        next.day = d
        next.kind = k
      }
    }
    if (milestone !== undefined) consider(milestone.day, 'milestone')
    if (!settled && (milestone === undefined || randomDay <= milestone.day - 14)) {
      consider(randomDay, 'move')
    }
    if (willMatch && !settled && (cur.type === 'U6' || cur.type === 'U3')) consider(since + matchAfter, 'match')
    if (cur.type === 'H5') consider(REGISTRATION_DAY, 'registration')
    if (cur.type === 'Z1') consider(Z_SPLIT_DAY, 'zsplit')
    const { day, kind } = next
    if (day > lastDay || !Number.isFinite(day)) break

    let change: PlacementChange
    if (kind === 'milestone' && milestone !== undefined) {
      const made = milestone.make(cur)
      change = { day, ...made }
      settled = settled || milestone.settles
      m++
    } else if (kind === 'match') {
      change = { day, place: { ...cur, type: cur.type === 'U6' ? 'U4' : 'U1' }, sameCarer: true, reason: 'CARPL' }
    } else if (kind === 'registration') {
      change = { day, place: registeredAsK3(ctx, cur), sameCarer: true, reason: 'PLACE' }
    } else if (kind === 'zsplit') {
      change = { day, place: recodedZ1(ctx, cur), sameCarer: true, reason: 'PLACE' }
    } else {
      const age = ageAt(day)
      if (isFoster(cur.type) && random.chance(0.05)) {
        // Same carers: they moved house, or transferred from the council to an agency.
        const moved = { ...cur, postcode: anotherPlace(ctx, cur, () => fosterPlace(ctx, cur.type)).postcode }
        change = { day, place: moved, sameCarer: true, reason: 'PLACE' }
      } else {
        // Children waiting for adoption move between foster carers only (A3/A4 follow foster care: rule 336).
        const draw = pathway === 'adoption' ? () => fosterPlace(ctx, random.chance(0.2) ? 'U3' : 'U6') : () => movePlace(ctx, age, day)
        const next = anotherPlace(ctx, cur, draw)
        change = { day, place: next, sameCarer: false, reason: moveReason(random, age) }
        willMatch = random.chance(0.55)
      }
    }
    placements.push(change)
    cur = change.place
    since = day
    // The next unplanned move is drawn afresh after every change (the process has no memory).
    randomDay = nextMove(day)
  }

  // --- Temporary placements: from foster placements, returning to the same one -----------------
  interface Temporary {
    from: number
    to: number
    type: string
  }
  const temporaries: Temporary[] = []
  const busy = new Set<number>()
  for (const l of legal) busy.add(l.day)
  for (const p of placements) busy.add(p.day)
  const limit = Math.min(end - 1, endDay) // the return must be no later than the extract's end
  placements.forEach((p, i) => {
    if (!isFoster(p.place.type)) return
    const until = Math.min((placements[i + 1]?.day ?? end) - 7, limit)
    let t = p.day + Math.round(random.exponential(365 / TEMPORARY_RATE))
    while (t < until) {
      let type = random.weighted(TEMPORARY_TYPES)
      // At most two T3 (respite while carers are away) in 12 months (rule 377).
      if (type === 'T3' && temporaries.filter((x) => x.type === 'T3' && x.from > t - 365).length >= 2) type = 'T2'
      const days = type === 'T4' ? random.int(1, 7) : type === 'T1' ? random.int(1, 10) : random.int(3, 14)
      const from = t
      const to = t + days
      let clear = from >= p.day + 7 && to <= until
      for (let d = from - 1; clear && d <= to + 1; d++) if (busy.has(d)) clear = false
      if (clear) temporaries.push({ from, to, type })
      t = to + 30 + Math.round(random.exponential(365 / TEMPORARY_RATE))
    }
  })

  // --- Merge the tracks into episodes ----------------------------------------------------------
  interface Change {
    legalStatus?: string
    placement?: PlacementChange
    temporary?: { place: Place }
  }
  const changes = new Map<number, Change>()
  const changeOn = (day: number): Change => {
    let c = changes.get(day)
    if (c === undefined) {
      c = {}
      changes.set(day, c)
    }
    return c
  }
  for (const l of legal.slice(1)) changeOn(l.day).legalStatus = l.legalStatus
  for (const p of placements.slice(1)) changeOn(p.day).placement = p
  let placeIndex = 0
  for (const t of temporaries) {
    while (placeIndex + 1 < placements.length && (placements[placeIndex + 1] as PlacementChange).day <= t.from) placeIndex++
    const normal = (placements[placeIndex] as PlacementChange).place
    changeOn(t.from).temporary = { place: temporaryPlace(t.type) }
    changeOn(t.to).temporary = { place: normal }
  }

  const episodes: Episode[] = []
  let legalStatus = entry
  let place = first
  const episode = (startDay: number, rne: string): Episode => ({
    startDate: iso(startDay),
    reasonNewEpisode: rne,
    legalStatus,
    categoryOfNeed,
    placementType: place.type,
    placementProvider: place.provider,
    endDate: null,
    reasonEnded: null,
    reasonPlaceChange: null,
    homePostcode: child.homePostcode,
    placementPostcode: place.postcode,
    urn: place.urn,
    placementLa: place.la,
    placementDistance: place.distance,
  })
  episodes.push(episode(start, 'S'))
  const days = [...changes.keys()].sort((a, b) => a - b)
  for (const day of days) {
    const c = changes.get(day) as Change
    const prev = episodes[episodes.length - 1] as Episode
    const legalChanged = c.legalStatus !== undefined && c.legalStatus !== legalStatus
    let rne: string
    let reason: string | null = null
    if (c.temporary !== undefined) {
      place = c.temporary.place
      rne = 'P'
    } else if (c.placement !== undefined) {
      place = c.placement.place
      rne = c.placement.sameCarer ? (legalChanged ? 'U' : 'T') : legalChanged ? 'B' : 'P'
      reason = c.placement.reason
    } else {
      rne = 'L'
    }
    if (legalChanged) legalStatus = c.legalStatus as string
    prev.endDate = iso(day)
    prev.reasonEnded = 'X1'
    prev.reasonPlaceChange = reason
    episodes.push(episode(day, rne))
  }
  if (!open) {
    const last = episodes[episodes.length - 1] as Episode
    last.endDate = iso(end)
    last.reasonEnded = exit.decide(place)
  }
  return episodes
}
