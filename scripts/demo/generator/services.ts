/**
 * The mental health service's, the advocacy service's and the integration's records for a child's
 * periods of care (5c records), each shaped as its endpoint takes it:
 *
 * - CAMHS: referrals while in care at about 0.43 a year from age 3 (about a quarter of the children in
 *   care over a year are referred); about 80% accepted within a fortnight; the first appointment a
 *   median of about 30 days after the referral; a few closed unseen; discharged months after.
 * - Advocacy: referrals at about 0.24 a year from age 5 (about 15% of the children in care over a
 *   year), one to three issues each, raised within a month, about 85% resolved (a median of about 35
 *   days); a referral is closed once all its issues are.
 * - Return home interviews for about 97% of the missing (M) episodes that ended: offered within 72
 *   hours for about 90% of the episodes, accepted by about 85%, held within days.
 *
 * Nothing is dated after the extract's end: what would be is left to come.
 */
import type { AdvocacyIssueCategory } from '../../../src/domain/advocacy/referrals.ts'
import { ageOnDay } from './care-period.ts'
import { dayOf, iso } from './days.ts'
import type { Random, WeightTable } from './random.ts'
import type { DemoAdvocacyIssue, DemoAdvocacyReferral, DemoCamhsReferral, DemoMissingEpisode, DemoReturnInterview } from './types.ts'

export interface ServicesContext {
  random: Random
  childId: string
  birthdays: readonly number[]
  windowStart: number
  endDay: number
  nextId: (kind: 'CAMHS' | 'ADV' | 'ADVI' | 'RHI') => string
}

export interface DemoServices {
  camhsReferrals: DemoCamhsReferral[]
  advocacyReferrals: DemoAdvocacyReferral[]
  advocacyIssues: DemoAdvocacyIssue[]
  returnInterviews: DemoReturnInterview[]
}

const CATEGORIES: WeightTable<AdvocacyIssueCategory> = [
  ['placement', 30],
  ['contact', 25],
  ['care_plan', 15],
  ['education', 8],
  ['health', 5],
  ['leaving_care', 7],
  ['complaint', 6],
  ['other', 4],
]

/** Days within a period of care (end exclusive, as in missing.ts) and the extract, from `from`, a mean `meanGap` days apart. */
function eventDays(random: Random, periods: ReadonlyArray<{ start: number; end: number }>, ctx: ServicesContext, meanGap: number, fromAge: number): number[] {
  const out: number[] = []
  for (const period of periods) {
    const last = Math.min(period.end - 1, ctx.endDay)
    for (
      let day = Math.max(period.start, ctx.windowStart) + Math.round(random.exponential(meanGap));
      day <= last;
      day += 1 + Math.round(random.exponential(meanGap))
    ) {
      if (ageOnDay(ctx.birthdays, day) >= fromAge) out.push(day)
    }
  }
  return out
}

/** A day, or null when it falls after the extract's end (not happened yet). */
const upTo = (day: number, endDay: number): string | null => (day > endDay ? null : iso(day))

function camhsReferral(ctx: ServicesContext, referred: number): DemoCamhsReferral {
  const { random, endDay } = ctx
  const decided = referred + random.int(0, 14)
  const referral: DemoCamhsReferral = {
    recordId: ctx.nextId('CAMHS'),
    childId: ctx.childId,
    referredOn: iso(referred),
    decision: null,
    decidedOn: null,
    firstAppointmentOn: null,
    dischargedOn: null,
  }
  if (decided > endDay) return referral
  referral.decidedOn = iso(decided)
  if (!random.chance(0.8)) return { ...referral, decision: 'declined' }
  referral.decision = 'accepted'
  if (random.chance(0.05)) return { ...referral, dischargedOn: upTo(decided + random.int(20, 120), endDay) }
  const seen = Math.max(decided, referred + Math.round(random.logNormal(30, 0.6)))
  referral.firstAppointmentOn = upTo(seen, endDay)
  if (referral.firstAppointmentOn !== null) referral.dischargedOn = upTo(seen + random.int(60, 360), endDay)
  return referral
}

function advocacy(ctx: ServicesContext, referred: number): { referral: DemoAdvocacyReferral; issues: DemoAdvocacyIssue[] } {
  const { random, endDay } = ctx
  const recordId = ctx.nextId('ADV')
  const issues: DemoAdvocacyIssue[] = []
  const count = random.weighted([
    [1, 55],
    [2, 30],
    [3, 15],
  ] as const)
  let lastResolved = referred
  for (let i = 0; i < count; i++) {
    const raised = i === 0 ? referred : referred + random.int(0, 30)
    if (raised > endDay) continue
    const resolved = random.chance(0.85) ? raised + Math.round(random.logNormal(35, 0.7)) : null
    const resolvedOn = resolved === null ? null : upTo(resolved, endDay)
    lastResolved = resolvedOn === null ? Infinity : Math.max(lastResolved, resolved as number)
    issues.push({
      recordId: ctx.nextId('ADVI'),
      childId: ctx.childId,
      referralRecordId: recordId,
      raisedOn: iso(raised),
      resolvedOn,
      category: random.weighted(CATEGORIES),
    })
  }
  const closedOn = Number.isFinite(lastResolved) ? upTo(lastResolved + random.int(0, 14), endDay) : null
  return { referral: { recordId, childId: ctx.childId, referredOn: iso(referred), closedOn }, issues }
}

function returnInterview(ctx: ServicesContext, episode: DemoMissingEpisode & { end: string }): DemoReturnInterview {
  const { random, endDay } = ctx
  const back = dayOf(episode.end)
  const offered = back + (random.chance(0.93) ? random.int(0, 3) : random.int(4, 12))
  const interview: DemoReturnInterview = {
    recordId: ctx.nextId('RHI'),
    childId: ctx.childId,
    missingStart: episode.start,
    offeredOn: upTo(offered, endDay),
    response: null,
    heldOn: null,
  }
  if (interview.offeredOn === null) return interview
  if (!random.chance(0.85)) return { ...interview, response: 'declined' }
  return { ...interview, response: 'accepted', heldOn: upTo(offered + random.int(0, 5), endDay) }
}

export function servicesFor(
  ctx: ServicesContext,
  periods: ReadonlyArray<{ start: number; end: number }>,
  missing: readonly DemoMissingEpisode[],
): DemoServices {
  const { random } = ctx
  const out: DemoServices = { camhsReferrals: [], advocacyReferrals: [], advocacyIssues: [], returnInterviews: [] }
  for (const day of eventDays(random, periods, ctx, 850, 3)) out.camhsReferrals.push(camhsReferral(ctx, day))
  for (const day of eventDays(random, periods, ctx, 1500, 5)) {
    const { referral, issues } = advocacy(ctx, day)
    out.advocacyReferrals.push(referral)
    out.advocacyIssues.push(...issues)
  }
  for (const episode of missing) {
    if (episode.type !== 'M' || episode.end === null || !random.chance(0.97)) continue
    out.returnInterviews.push(returnInterview(ctx, { ...episode, end: episode.end }))
  }
  return out
}
