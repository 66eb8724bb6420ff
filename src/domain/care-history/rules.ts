/**
 * SSDA903 episode rules, checked over one child's episodes as a sequence. Rule numbers are the DfE's
 * (2024-25 catalogue, shared/domain/ssda903-rules-2024-25.csv).
 *
 * Severity. The DfE validator has errors and queries; here (issue #17: the import refuses only what
 * the data model cannot hold or count, docs/data-quality.md):
 * - 'error' is what leaves the history unusable for storing, derivation and counting: a date that is
 *   not a date (141, 147), a code valid in no collection year (143-146, 149, 178, 1009), DEC before or
 *   on DECOM (356, 355; the service stores only episodes that end after they start), DEC and REC not
 *   both set or both blank (148: an end without its reason cannot be told a cessation or a change),
 *   and overlaps and an episode starting while another is open (501, 142). A history with no errors
 *   derives periods, spells and movements deterministically (derive.ts is total).
 * - 'warning' is what the history can still be stored and counted with, as the DfE's return tolerates
 *   it until it is fixed: a code valid in some year but not on the episode's date (the same rule
 *   numbers), an episode before birth (302), the first episode not RNE S (357), the X1 / RNE S joins
 *   (388, 433, 431, 432), RNE not matching what changed (434, 435, 436), a temporary placement not
 *   returning to the placement it interrupted (383), a period of care starting or ending with a
 *   temporary placement (380, 381), reason for placement change missing or not wanted (225, 226),
 *   category of need changing within a period (504), placement provider missing or not wanted (526,
 *   213), a provider that cannot provide the placement type (527-531, 550), and a youth-justice legal
 *   status under 10 (358). With such warnings, end = start + admissions - cessations still holds for
 *   the derived periods; only their meaning is what the data says, not what the DfE expects.
 *
 * Findings point at the submitted list's indexes; the list is read in chronological order
 * (chronologicalOrder). Episodes whose dates are unusable (141, 147, 356) get their own findings and
 * are left out of the sequence checks, which would otherwise only repeat the same problem.
 */
import { describeCode, isValidCode, NO_PROVIDER_PLACEMENTS } from '../code-lists/index.ts'
import type { CodeField } from '../code-lists/index.ts'
import { ageOn, isIsoDate } from '../dates/calendar.ts'
import { quoted } from '../quoted.ts'
import { deriveCareHistory } from './derive.ts'
import { endDateOf, episodeAt, isTemporaryPlacement, present, reasonEndedOf } from './episode-facts.ts'
import type { Episode, ChildFinding } from './types.ts'

type Severity = ChildFinding['severity']

/** Every rule checkEpisodes can report, with its severity and the DfE's wording. */
export const EPISODE_RULES = Object.freeze({
  '141': { severity: 'error', dfeMessage: 'Date episode began is not a valid date.' },
  '147': { severity: 'error', dfeMessage: 'Date episode ceased is not a valid date.' },
  '143': { severity: 'error', dfeMessage: 'The reason for new episode code is not a valid code.' },
  '144': { severity: 'error', dfeMessage: 'The legal status code is not a valid code.' },
  '145': { severity: 'error', dfeMessage: 'Category of need code is not a valid code.' },
  '146': { severity: 'error', dfeMessage: 'Placement type code is not a valid code.' },
  '149': { severity: 'error', dfeMessage: 'Reason episode ceased code is not valid.' },
  '178': { severity: 'error', dfeMessage: 'Placement provider code is not a valid code.' },
  '1009': { severity: 'error', dfeMessage: 'Reason for placement change is not a valid code.' },
  '148': {
    severity: 'error',
    dfeMessage: 'Date episode ceased and reason episode ceased must both be coded, or both left blank.',
  },
  '355': { severity: 'error', dfeMessage: 'Episode appears to have lasted for less than 24 hours' },
  '356': { severity: 'error', dfeMessage: 'The date the episode ceased is before the date the same episode started.' },
  '302': { severity: 'warning', dfeMessage: 'First episode starts before child was born.' },
  '357': {
    severity: 'warning',
    dfeMessage: 'If this is the first episode ever for this child, reason for new episode must be S.',
  },
  '501': { severity: 'error', dfeMessage: 'A new episode has started before the end date of the previous episode.' },
  '142': { severity: 'error', dfeMessage: 'A new episode has started, but the previous episode has not ended.' },
  '388': {
    severity: 'warning',
    dfeMessage: 'Reason episode ceased is coded new episode begins, but there is no continuation episode.',
  },
  '433': {
    severity: 'warning',
    dfeMessage:
      'The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished.',
  },
  '431': {
    severity: 'warning',
    dfeMessage: 'The reason for new episode is started to be looked after, but the previous episode ended on the same day.',
  },
  '432': {
    severity: 'warning',
    dfeMessage: 'The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after.',
  },
  '434': {
    severity: 'warning',
    dfeMessage: "Reason for new episode is that child's legal status has changed but not the placement, but this is not reflected in the episode data.",
  },
  '435': {
    severity: 'warning',
    dfeMessage:
      "Reason for new episode is that child's placement has changed but not the legal status, but this is not reflected in the episode data recorded.",
  },
  '436': {
    severity: 'warning',
    dfeMessage: "Reason for new episode is that both child's placement and legal status have changed, but this is not reflected in the episode data.",
  },
  '383': {
    severity: 'warning',
    dfeMessage: 'A child in a temporary placement must subsequently return to his/her normal placement.',
  },
  '380': { severity: 'warning', dfeMessage: 'A period of care cannot start with a temporary placement.' },
  '381': { severity: 'warning', dfeMessage: 'A period of care cannot end with a temporary placement.' },
  '225': { severity: 'warning', dfeMessage: 'Reason for placement change must be recorded.' },
  '226': { severity: 'warning', dfeMessage: 'Reason for placement change is not required.' },
  '504': {
    severity: 'warning',
    dfeMessage: 'The category of need code differs from that reported at start of current period of being looked after',
  },
  '526': { severity: 'warning', dfeMessage: 'Child is missing a placement provider code for at least one episode.' },
  '213': { severity: 'warning', dfeMessage: 'Placement provider information not required.' },
  '527': { severity: 'warning', dfeMessage: 'A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.' },
  '528': { severity: 'warning', dfeMessage: 'A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.' },
  '529': {
    severity: 'warning',
    dfeMessage:
      'Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public organisations.',
  },
  '530': { severity: 'warning', dfeMessage: 'A placement provider code of PR4 cannot be associated with placement P1.' },
  '531': { severity: 'warning', dfeMessage: 'A placement provider code of PR5 cannot be associated with placements P1.' },
  '550': { severity: 'warning', dfeMessage: 'A placement provider code of PR0 can only be associated with placement P1.' },
  '358': { severity: 'warning', dfeMessage: 'Child with this legal status should not be under 10.' },
} as const satisfies Record<string, { severity: Severity; dfeMessage: string }>)

/** The DfE rule numbers checkEpisodes reports. */
export type EpisodeRuleCode = keyof typeof EPISODE_RULES

const NO_PROVIDER = new Set<string>(NO_PROVIDER_PLACEMENTS)

/** How an analyst knows each field: plain words and the 903 name. */
const FIELD_LABEL = {
  startDate: 'start date (DECOM)',
  endDate: 'end date (DEC)',
  reasonNewEpisode: 'reason for new episode (RNE)',
  legalStatus: 'legal status (LS)',
  categoryOfNeed: 'category of need (CIN)',
  placementType: 'placement type (PLACE)',
  placementProvider: 'placement provider (PLACE_PROVIDER)',
  reasonEnded: 'reason episode ceased (REC)',
  reasonPlaceChange: 'reason for placement change (REASON_PLACE_CHANGE)',
  placementPostcode: 'placement postcode (PL_POST)',
  urn: 'Ofsted URN',
} as const
type LabelledField = keyof typeof FIELD_LABEL

function label(field: LabelledField): string {
  return FIELD_LABEL[field]
}

/** 903 files and analysts write dates DD/MM/YYYY. */
function ukDate(d: string): string {
  return isIsoDate(d) ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : quoted(d)
}

function shown(v: string | null): string {
  return present(v) ? quoted(v) : 'blank'
}

function listOf(words: string[]): string {
  if (words.length <= 1) return words.join('')
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] as string}`
}

/** The placement fields whose change makes a "change of placement" (434/435/436). */
const PLACEMENT_FIELDS = ['placementType', 'placementPostcode', 'urn', 'placementProvider'] as const
type PlacementField = (typeof PLACEMENT_FIELDS)[number]

function comparable(field: PlacementField, v: string | null): string | null {
  if (!present(v)) return null
  // 'S60 1AA' and 's601aa' are the same postcode.
  return field === 'placementPostcode' ? v.replace(/\s+/g, '').toUpperCase() : v.trim()
}

function changedPlacementFields(prev: Episode, next: Episode): PlacementField[] {
  return PLACEMENT_FIELDS.filter((f) => comparable(f, prev[f]) !== comparable(f, next[f]))
}

interface CodeCheck {
  field: CodeField & keyof Episode
  rule: EpisodeRuleCode
  /** Blank is allowed (the presence rules are elsewhere). */
  optional: boolean
  /** Which date the code must be valid on: REC and REASON_PLACE_CHANGE belong to the episode's end. */
  dated: 'start' | 'end'
}

const CODE_CHECKS: readonly CodeCheck[] = [
  { field: 'reasonNewEpisode', rule: '143', optional: false, dated: 'start' },
  { field: 'legalStatus', rule: '144', optional: false, dated: 'start' },
  { field: 'categoryOfNeed', rule: '145', optional: false, dated: 'start' },
  { field: 'placementType', rule: '146', optional: false, dated: 'start' },
  { field: 'placementProvider', rule: '178', optional: true, dated: 'start' },
  { field: 'reasonEnded', rule: '149', optional: true, dated: 'end' },
  { field: 'reasonPlaceChange', rule: '1009', optional: true, dated: 'end' },
]

const YOUTH_JUSTICE = new Set(['J1', 'J2', 'J3'])
const NOT_BY_OTHER_PUBLIC = ['P1', 'A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6']

/** Placement provider and placement type that cannot go together (527-531, 550), with why. */
function providerClash(provider: string, type: string): { rule: EpisodeRuleCode; why: string } | null {
  switch (provider) {
    case 'PR0':
      return type === 'P1' ? null : { rule: '550', why: 'a parent or other person with parental responsibility (PR0) provides only P1 placements' }
    case 'PR1':
    case 'PR2':
      return ['P1', 'R2', 'R5'].includes(type)
        ? { rule: provider === 'PR1' ? '527' : '528', why: 'local authority provision does not cover P1, R2 or R5 placements' }
        : null
    case 'PR3':
      return NOT_BY_OTHER_PUBLIC.includes(type) ? { rule: '529', why: 'other public organisations do not provide these placements' } : null
    case 'PR4':
    case 'PR5':
      return type === 'P1'
        ? { rule: provider === 'PR4' ? '530' : '531', why: 'a placement with parents (P1) is not provided by a private or voluntary provider' }
        : null
    default:
      return null
  }
}

/**
 * Checks one child's episodes (in the order submitted) as a sequence. Findings are ordered by episode
 * index, then by the order the checks run in.
 */
export function checkEpisodes(header: { dateOfBirth: string }, episodes: readonly Episode[]): ChildFinding[] {
  const findings: ChildFinding[] = []
  const report = (rule: EpisodeRuleCode, episodeIndex: number, fields: string[], message: string, severity: Severity = EPISODE_RULES[rule].severity): void => {
    findings.push({ rule, severity, episodeIndex, fields, message })
  }
  const name = (i: number): string => `The episode starting ${ukDate(episodeAt(episodes, i).startDate)}`

  // --- One episode at a time -------------------------------------------------------------------
  const usable: number[] = []
  episodes.forEach((e, i) => {
    const startOk = isIsoDate(e.startDate)
    const endOk = !present(e.endDate) || isIsoDate(e.endDate)
    if (!startOk) {
      report('141', i, ['startDate'], `Episode ${i + 1}: the start date ${ukDate(e.startDate)} is not a real date.`)
    }
    if (!endOk) report('147', i, ['endDate'], `${name(i)} has an end date ${ukDate(e.endDate as string)} that is not a real date.`)

    const end = endDateOf(e)
    if (end !== null && !present(e.reasonEnded)) {
      report(
        '148',
        i,
        ['endDate', 'reasonEnded'],
        `${name(i)} has an end date (${ukDate(end)}) but no reason episode ceased (REC): record both, or neither while the episode is open.`,
      )
    } else if (end === null && present(e.reasonEnded)) {
      report(
        '148',
        i,
        ['endDate', 'reasonEnded'],
        `${name(i)} has a reason episode ceased (${shown(e.reasonEnded)}) but no end date: record both, or neither while the episode is open.`,
      )
    }
    let ordered = true
    if (startOk && endOk && end !== null) {
      if (end < e.startDate) {
        ordered = false
        report('356', i, ['startDate', 'endDate'], `${name(i)} ends on ${ukDate(end)}, before it starts.`)
      } else if (end === e.startDate) {
        report('355', i, ['startDate', 'endDate'], `${name(i)} also ends on ${ukDate(end)}: an episode must last at least one day (end after start).`)
      }
    }
    if (startOk && isIsoDate(header.dateOfBirth) && e.startDate < header.dateOfBirth) {
      report('302', i, ['startDate', 'dateOfBirth'], `${name(i)} is before the child's date of birth (${ukDate(header.dateOfBirth)}).`)
    }

    // Codes, on the collection year of the episode's start (REC and reason for change: its end).
    const placementTypeValid = startOk && isValidCode('placementType', e.placementType, e.startDate)
    if (startOk) {
      for (const check of CODE_CHECKS) {
        const value = e[check.field]
        if (check.optional && !present(value)) continue
        const on = check.dated === 'end' && end !== null && endOk ? end : e.startDate
        if (present(value) && isValidCode(check.field, value, on)) continue
        // A code of another year is held and counted as it is: the DfE's rule reports it.
        const otherYear = present(value) && describeCode(check.field, value) !== null
        report(
          check.rule,
          i,
          [check.field],
          present(value)
            ? `${name(i)} has ${label(check.field)} ${shown(value)}, which is not a valid code on ${ukDate(on)}${otherYear ? ' (it is in another year)' : ''}.`
            : `${name(i)} has no ${label(check.field)}.`,
          otherYear ? 'warning' : 'error',
        )
      }
    }
    // Placement provider: required for every placement except temporary and Z placements, blank for those.
    if (placementTypeValid) {
      if (NO_PROVIDER.has(e.placementType) && present(e.placementProvider)) {
        report(
          '213',
          i,
          ['placementProvider'],
          `${name(i)} has placement provider ${shown(e.placementProvider)}, but a ${e.placementType} placement takes none: leave it blank.`,
        )
      } else if (!NO_PROVIDER.has(e.placementType) && !present(e.placementProvider)) {
        report('526', i, ['placementProvider'], `${name(i)} has no placement provider (PR0-PR5); a ${e.placementType} placement needs one.`)
      }
    }
    if (placementTypeValid && present(e.placementProvider)) {
      const clash = providerClash(e.placementProvider, e.placementType)
      if (clash) {
        report(
          clash.rule,
          i,
          ['placementProvider', 'placementType'],
          `${name(i)} has placement provider ${shown(e.placementProvider)} with placement type ${e.placementType}: ${clash.why}.`,
        )
      }
    }
    // Remand and criminal-justice legal statuses (J1-J3) do not apply under 10, the age of criminal responsibility.
    if (
      startOk &&
      isIsoDate(header.dateOfBirth) &&
      YOUTH_JUSTICE.has(e.legalStatus) &&
      e.startDate >= header.dateOfBirth &&
      ageOn(header.dateOfBirth, e.startDate) < 10
    ) {
      report('358', i, ['legalStatus', 'dateOfBirth'], `${name(i)} has legal status ${e.legalStatus}, which does not apply to a child under 10.`)
    }
    if (startOk && endOk && ordered) usable.push(i)
  })

  // --- The sequence ------------------------------------------------------------------------------
  // Derive over the episodes with usable dates; j indexes that subset, usable[j] the submitted list.
  const sub = usable.map((i) => episodeAt(episodes, i))
  const at = (j: number): number => usable[j] as number
  const history = deriveCareHistory(sub)
  const order = history.order

  let furthest: { j: number; end: string | null } | null = null // the earlier episode reaching furthest
  const reportedOpen = new Set<number>()
  order.forEach((j, k) => {
    const e = episodeAt(sub, j)
    const i = at(j)
    if (k === 0) {
      if (e.reasonNewEpisode !== 'S') {
        report(
          '357',
          i,
          ['reasonNewEpisode'],
          `${name(i)} is the child's first episode, so its reason for new episode must be S (started to be looked after), not ${shown(e.reasonNewEpisode)}. Check whether an earlier episode is missing.`,
        )
      }
    } else {
      const prevJ = order[k - 1] as number
      // Set on the first pass (k === 0), so always there from k === 1.
      const reach = furthest as { j: number; end: string | null }
      if (reach.end === null) {
        if (!reportedOpen.has(reach.j)) {
          reportedOpen.add(reach.j)
          report(
            '142',
            at(reach.j),
            ['endDate', 'reasonEnded'],
            `${name(at(reach.j))} has no end date, but a later episode starts on ${ukDate(e.startDate)}: record when and why it ended.`,
          )
        }
      } else if (e.startDate < reach.end) {
        report(
          '501',
          i,
          ['startDate'],
          `${name(i)} overlaps the episode from ${ukDate(episodeAt(sub, reach.j).startDate)} to ${ukDate(reach.end)}: episodes must not overlap.`,
        )
      } else {
        checkJoin(at(prevJ), episodeAt(sub, prevJ), i, e)
      }
    }
    const end = endDateOf(e)
    if (furthest === null || (furthest.end !== null && (end === null || end > furthest.end))) furthest = { j, end }
  })
  const lastJ = order[order.length - 1]
  const lastEpisode = lastJ === undefined ? null : episodeAt(sub, lastJ)
  const lastEnd = lastEpisode === null ? null : endDateOf(lastEpisode)
  if (lastJ !== undefined && lastEnd !== null && reasonEndedOf(lastEpisode as Episode) === 'X1') {
    report(
      '388',
      at(lastJ),
      ['reasonEnded'],
      `${name(at(lastJ))} ended with X1 (a new episode begins the same day), but no episode starts on ${ukDate(lastEnd)}.`,
    )
  }

  /** How one episode follows the one before it (no overlap between them). */
  function checkJoin(pi: number, prev: Episode, i: number, e: Episode): void {
    // prev is closed (an open one is a 142) and no later than e starts (else a 501).
    const prevEnd = endDateOf(prev) as string
    const prevRec = reasonEndedOf(prev)
    if (prevRec === null) return // 148 already
    const rne = e.reasonNewEpisode
    if (prevRec === 'X1') {
      if (e.startDate === prevEnd) {
        if (rne === 'S') {
          report(
            '431',
            i,
            ['reasonNewEpisode'],
            `${name(i)} has reason for new episode S (started to be looked after), but the episode before ended X1 the same day, so the child was already looked after: use L, P, T, U or B.`,
          )
        } else {
          checkChange(pi, prev, i, e)
        }
      } else if (rne !== 'S') {
        report(
          '433',
          i,
          ['reasonNewEpisode', 'startDate'],
          `${name(i)} continues the episode before (RNE ${rne}), but that episode ended on ${ukDate(prevEnd)}: a continuation must start the day the previous episode ends.`,
        )
      } else {
        report(
          '388',
          pi,
          ['reasonEnded'],
          `${name(pi)} ended with X1 (a new episode begins the same day) on ${ukDate(prevEnd)}, but the next episode starts on ${ukDate(e.startDate)}.`,
        )
      }
    } else if (rne !== 'S') {
      report(
        '432',
        i,
        ['reasonNewEpisode'],
        `${name(i)} has reason for new episode ${shown(rne)}, but the child ceased to be looked after at the end of the episode before (REC ${prevRec}): a new period of care starts with S.`,
      )
    } else if (e.startDate === prevEnd) {
      report(
        '431',
        i,
        ['reasonNewEpisode', 'startDate'],
        `${name(i)} starts a new period of care (S) on the day the previous one ended (${prevRec}); if care continued, end the previous episode X1 and use L, P, T, U or B here.`,
      )
    }
  }

  /** RNE against what changed between two chained episodes (434/435/436), and 225. */
  function checkChange(pi: number, prev: Episode, i: number, e: Episode): void {
    const rne = e.reasonNewEpisode
    const legalChanged = prev.legalStatus !== e.legalStatus
    const changed = changedPlacementFields(prev, e)
    const placementChanged = changed.length > 0
    const legalWords = legalChanged ? `the legal status changed (${prev.legalStatus} to ${e.legalStatus})` : `the legal status stayed ${e.legalStatus}`
    const placementWords = placementChanged ? `the ${listOf(changed.map(label))} changed` : 'the placement type, postcode, URN and provider are all unchanged'
    const placementFields = placementChanged ? changed : [...PLACEMENT_FIELDS]
    if (rne === 'L' && (!legalChanged || placementChanged)) {
      report(
        '434',
        i,
        ['reasonNewEpisode', ...(legalChanged ? [] : ['legalStatus']), ...changed],
        `${name(i)} has reason for new episode L (legal status change only), but ${legalWords} and ${placementWords}.`,
      )
    } else if ((rne === 'P' || rne === 'T') && (legalChanged || !placementChanged)) {
      report(
        '435',
        i,
        ['reasonNewEpisode', ...(legalChanged ? ['legalStatus'] : []), ...(placementChanged ? [] : placementFields)],
        `${name(i)} has reason for new episode ${rne} (placement change only), but ${legalWords} and ${placementWords}.`,
      )
    } else if ((rne === 'B' || rne === 'U') && (!legalChanged || !placementChanged)) {
      report(
        '436',
        i,
        ['reasonNewEpisode', ...(legalChanged ? [] : ['legalStatus']), ...(placementChanged ? [] : placementFields)],
        `${name(i)} has reason for new episode ${rne} (legal status and placement change), but ${legalWords} and ${placementWords}.`,
      )
    }
    const placementChange = rne === 'P' || rne === 'B' || rne === 'T' || rne === 'U'
    if (placementChange && !isTemporaryPlacement(prev.placementType) && !isTemporaryPlacement(e.placementType) && !present(prev.reasonPlaceChange)) {
      report(
        '225',
        pi,
        ['reasonPlaceChange'],
        `${name(pi)} ends in a change of placement (the next episode, from ${ukDate(e.startDate)}, has RNE ${rne}), so it needs a reason for placement change.`,
      )
    }
  }

  // --- Periods of care ----------------------------------------------------------------------------
  for (const period of history.carePeriods) {
    const js = period.episodeIndexes
    const firstJ = js[0] as number
    const lastJ = js[js.length - 1] as number
    const first = episodeAt(sub, firstJ)
    const last = episodeAt(sub, lastJ)
    if (isTemporaryPlacement(first.placementType)) {
      report(
        '380',
        at(firstJ),
        ['placementType'],
        `${name(at(firstJ))} starts a period of care in a temporary placement (${first.placementType}); record the placement the child was admitted to.`,
      )
    }
    const lastRec = reasonEndedOf(last)
    if (lastRec !== null && lastRec !== 'X1' && isTemporaryPlacement(last.placementType)) {
      report(
        '381',
        at(lastJ),
        ['placementType'],
        `${name(at(lastJ))} ends a period of care (${lastRec}) in a temporary placement (${last.placementType}); a period of care ends in the child's normal placement.`,
      )
    }

    let normal: Episode | null = null // the last non-temporary episode so far
    let tempStart: Episode | null = null // the first episode of the current temporary run
    js.forEach((j, k) => {
      const e = episodeAt(sub, j)
      const i = at(j)
      if (e.categoryOfNeed !== period.categoryOfNeed) {
        report(
          '504',
          i,
          ['categoryOfNeed'],
          `${name(i)} has category of need ${e.categoryOfNeed}, but the period of care started on ${ukDate(period.startDate)} with ${period.categoryOfNeed}; it stays the same for the whole period.`,
        )
      }
      const temporary = isTemporaryPlacement(e.placementType)
      const nextJ = js[k + 1]
      const nextPlacement = nextJ === undefined ? null : episodeAt(sub, nextJ).placementType
      if (present(e.reasonPlaceChange) && temporary) {
        report('226', i, ['reasonPlaceChange'], `${name(i)} is a temporary placement (${e.placementType}), which takes no reason for placement change.`)
      } else if (present(e.reasonPlaceChange) && nextPlacement !== null && isTemporaryPlacement(nextPlacement)) {
        report(
          '226',
          i,
          ['reasonPlaceChange'],
          `${name(i)} has a reason for placement change, but the child went from it into a temporary placement (${nextPlacement}), which is not a change of placement.`,
        )
      }
      if (temporary) {
        tempStart ??= e
        return
      }
      if (tempStart !== null && normal !== null) {
        const wrong: ('reasonNewEpisode' | 'placementType' | 'placementPostcode')[] = []
        if (e.reasonNewEpisode !== 'P') wrong.push('reasonNewEpisode')
        if (e.placementType !== normal.placementType) wrong.push('placementType')
        if (comparable('placementPostcode', e.placementPostcode) !== comparable('placementPostcode', normal.placementPostcode)) {
          wrong.push('placementPostcode')
        }
        if (wrong.length > 0) {
          report(
            '383',
            i,
            wrong,
            `${name(i)} follows a temporary placement (${tempStart.placementType} from ${ukDate(tempStart.startDate)}); the child should return to their normal placement (${normal.placementType}, postcode ${shown(normal.placementPostcode)}) with reason for new episode P, but this episode has ${listOf(wrong.map((f) => `${label(f)} ${shown(e[f])}`))}.`,
          )
        }
      }
      tempStart = null
      normal = e
    })
  }

  // Stable sort: by episode, keeping the order the checks ran in.
  return findings
    .map((f, n) => ({ f, n }))
    .sort((a, b) => (a.f.episodeIndex as number) - (b.f.episodeIndex as number) || a.n - b.n)
    .map(({ f }) => f)
}
