/**
 * fast-check generators of VALID care histories: histories checkEpisodes passes without errors and,
 * apart from rule 526/213-style data choices, without warnings. Each history also carries what its
 * builder knows (periods, moves, temporary episodes), so tests can compare the derivation with it.
 *
 * Shape: a child's date of birth, then 1-4 periods of care separated by gaps of at least a day. A
 * period is either a single V3 short break (RNE S, at most 17 days) or a chain of episodes joined by
 * X1: an admission (RNE S) followed by steps, each a legal-status change (L), a change of carer (P, or
 * B with a legal-status change), a change of placement with the same carer (T, or U with a
 * legal-status change: the postcode changes), or a temporary placement (T0-T4) and the return to the
 * same placement (RNE P). Legal statuses include V4, so some periods move between a short-break
 * agreement and other care through an X1 chain. Only the last period may be open.
 */
import fc from 'fast-check'
import { addDays } from '../../../src/domain/dates/calendar.ts'
import type { Episode } from '../../../src/domain/care-history/types.ts'

export interface GeneratedHistory {
  header: { dateOfBirth: string }
  /** In chronological order; shuffle them to test order independence. */
  episodes: Episode[]
  expected: {
    periods: number
    /** 5a moves: one per admission plus each P or B step. */
    moves: number
    temporaryEpisodes: number
  }
}

export const CARE_LEGAL_STATUSES = ['C1', 'C2', 'V2', 'E1', 'V4'] as const
export const CATEGORIES_OF_NEED = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as const
export const PLACEMENT_TYPES = ['U1', 'U3', 'U4', 'U6', 'K2', 'R1', 'S1', 'P1'] as const
export const TEMPORARY_TYPES = ['T0', 'T1', 'T2', 'T3', 'T4'] as const
export const PROVIDERS = ['PR1', 'PR2', 'PR4', 'PR5'] as const
export const POSTCODES = ['S60 1AA', 'S61 2BB', 'S65 3CC', 'S66 4DD', 'DN12 5EE', 'LS1 6FF', 'M1 7GG'] as const
export const CESSATION_REASONS = ['E4A', 'E4B', 'E8', 'E13', 'E17', 'E41', 'E45', 'E5', 'E11', 'E3'] as const
export const CHANGE_REASONS = ['CARPL', 'CLOSE', 'ALLEG', 'STAND', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'OTHER'] as const

interface PlacementPick {
  type: string
  provider: string
  postcode: number
  urn: boolean
}

type StepKind = 'L' | 'P' | 'T' | 'U' | 'B' | 'temp'

interface StepPick {
  kind: StepKind
  /** How long the episode before the step lasted. */
  days: number
  legalStatus: string
  placement: PlacementPick
  temporaryType: string
  temporaryDays: number
  changeReason: string
}

interface PeriodPick {
  gapBefore: number
  shortBreak: boolean
  legalStatus: string
  categoryOfNeed: string
  placement: PlacementPick
  steps: StepPick[]
  lastDays: number
  reasonEnded: string
}

const placementArb: fc.Arbitrary<PlacementPick> = fc.record({
  type: fc.constantFrom(...PLACEMENT_TYPES),
  provider: fc.constantFrom(...PROVIDERS),
  postcode: fc.nat({ max: POSTCODES.length - 1 }),
  urn: fc.boolean(),
})

const stepArb: fc.Arbitrary<StepPick> = fc.record({
  kind: fc.constantFrom<StepKind>('L', 'P', 'T', 'U', 'B', 'temp'),
  days: fc.integer({ min: 1, max: 300 }),
  legalStatus: fc.constantFrom(...CARE_LEGAL_STATUSES),
  placement: placementArb,
  temporaryType: fc.constantFrom(...TEMPORARY_TYPES),
  temporaryDays: fc.integer({ min: 1, max: 20 }),
  changeReason: fc.constantFrom(...CHANGE_REASONS),
})

const periodArb: fc.Arbitrary<PeriodPick> = fc.record({
  gapBefore: fc.integer({ min: 1, max: 400 }),
  shortBreak: fc.boolean(),
  legalStatus: fc.constantFrom(...CARE_LEGAL_STATUSES),
  categoryOfNeed: fc.constantFrom(...CATEGORIES_OF_NEED),
  placement: placementArb,
  steps: fc.array(stepArb, { maxLength: 6 }),
  lastDays: fc.integer({ min: 1, max: 400 }),
  reasonEnded: fc.constantFrom(...CESSATION_REASONS),
})

function nextIn<T>(list: readonly T[], current: T, shift: number): T {
  const at = list.indexOf(current)
  return list[(at + 1 + (shift % (list.length - 1))) % list.length] as T
}

function placementFields(p: PlacementPick): Pick<Episode, 'placementType' | 'placementProvider' | 'placementPostcode' | 'urn'> {
  return {
    placementType: p.type,
    // PR0 is the only provider for P1 (placed with parents); any other provider for the rest.
    placementProvider: p.type === 'P1' ? 'PR0' : p.provider,
    placementPostcode: POSTCODES[p.postcode] as string,
    urn: p.urn && p.type !== 'P1' ? `SC${String(100000 + p.postcode * 7919).slice(0, 6)}` : null,
  }
}

function build(dobOffset: number, firstGap: number, picks: PeriodPick[], lastOpen: boolean): GeneratedHistory {
  const dateOfBirth = addDays('2004-01-01', dobOffset)
  const episodes: Episode[] = []
  const expected = { periods: 0, moves: 0, temporaryEpisodes: 0 }
  let previousEnd: string | null = null

  picks.forEach((p, pi) => {
    const isLast = pi === picks.length - 1
    const start: string = previousEnd === null ? addDays(dateOfBirth, firstGap) : addDays(previousEnd, p.gapBefore)
    expected.periods++
    expected.moves++

    if (p.shortBreak) {
      const open = isLast && lastOpen
      const end = open ? null : addDays(start, 1 + (p.lastDays % 17))
      episodes.push({
        startDate: start,
        reasonNewEpisode: 'S',
        legalStatus: 'V3',
        categoryOfNeed: 'N2',
        ...placementFields({ ...p.placement, type: 'K2' }),
        endDate: end,
        reasonEnded: end === null ? null : 'E4A',
        reasonPlaceChange: null,
        homePostcode: 'S60 9ZZ',
      })
      previousEnd = end
      return
    }

    let current: Episode = {
      startDate: start,
      reasonNewEpisode: 'S',
      legalStatus: p.legalStatus,
      categoryOfNeed: p.categoryOfNeed,
      ...placementFields(p.placement),
      endDate: null,
      reasonEnded: null,
      reasonPlaceChange: null,
      homePostcode: 'S60 9ZZ',
    }
    episodes.push(current)
    let placement = p.placement

    const chain = (next: Omit<Episode, 'startDate' | 'endDate' | 'reasonEnded' | 'reasonPlaceChange'>, days: number, changeReason: string | null): void => {
      const end = addDays(current.startDate, days)
      current.endDate = end
      current.reasonEnded = 'X1'
      current.reasonPlaceChange = changeReason
      current = { ...next, startDate: end, endDate: null, reasonEnded: null, reasonPlaceChange: null }
      episodes.push(current)
    }

    for (const step of p.steps) {
      const base = { categoryOfNeed: current.categoryOfNeed, homePostcode: current.homePostcode }
      const newLegalStatus = nextIn(CARE_LEGAL_STATUSES, current.legalStatus as (typeof CARE_LEGAL_STATUSES)[number], step.days)
      if (step.kind === 'temp') {
        const normal = current
        chain(
          {
            ...base,
            reasonNewEpisode: 'P',
            legalStatus: current.legalStatus,
            placementType: step.temporaryType,
            placementProvider: null,
            placementPostcode: null,
            urn: null,
          },
          step.days,
          null,
        )
        expected.temporaryEpisodes++
        chain(
          {
            ...base,
            reasonNewEpisode: 'P',
            legalStatus: normal.legalStatus,
            placementType: normal.placementType,
            placementProvider: normal.placementProvider,
            placementPostcode: normal.placementPostcode,
            urn: normal.urn,
          },
          step.temporaryDays,
          null,
        )
        continue
      }
      const legalStatus = step.kind === 'L' || step.kind === 'B' || step.kind === 'U' ? newLegalStatus : current.legalStatus
      if (step.kind === 'P' || step.kind === 'B') {
        // A new carer: whatever type, a different postcode makes the change visible.
        placement = { ...step.placement, postcode: (placement.postcode + 1 + (step.placement.postcode % (POSTCODES.length - 1))) % POSTCODES.length }
        expected.moves++
      } else if (step.kind === 'T' || step.kind === 'U') {
        // Same carer, new house.
        placement = { ...placement, postcode: (placement.postcode + 1) % POSTCODES.length }
      }
      chain({ ...base, reasonNewEpisode: step.kind, legalStatus, ...placementFields(placement) }, step.days, step.kind === 'L' ? null : step.changeReason)
    }

    if (!(isLast && lastOpen)) {
      current.endDate = addDays(current.startDate, p.lastDays)
      current.reasonEnded = p.reasonEnded
      previousEnd = current.endDate
    } else {
      previousEnd = null
    }
  })

  return { header: { dateOfBirth }, episodes, expected }
}

/** One child's valid history. */
export const validHistoryArb: fc.Arbitrary<GeneratedHistory> = fc
  .tuple(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 3000 }), fc.array(periodArb, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([dob, gap, periods, lastOpen]) => build(dob, gap, periods, lastOpen))

/** A valid history with its episodes in a random order (the derivation must not care). */
export const shuffledHistoryArb: fc.Arbitrary<GeneratedHistory> = validHistoryArb.chain((h) =>
  fc.shuffledSubarray(h.episodes, { minLength: h.episodes.length, maxLength: h.episodes.length }).map((episodes) => ({
    ...h,
    episodes,
  })),
)

/** Many children's valid histories. */
export const validChildrenArb = (maxChildren = 30): fc.Arbitrary<GeneratedHistory[]> => fc.array(validHistoryArb, { minLength: 1, maxLength: maxChildren })
