/**
 * A deterministic synthetic authority: children, their SSDA903 care histories and the partner records
 * (health checks, SDQs, care leavers), shaped like an English council's data. The default is about
 * Rotherham: ~470 children in care on the end date, ~100 admissions a year, 10 years of history.
 * `scale` multiplies both, for benchmarks (3.5 gives ~4,900 children and ~28,000 episodes).
 *
 * Everything comes from seeded streams (random.ts): the same options give deep-equal output. Each
 * child draws from a stream of its own, so changing one part of the model moves only what it touches.
 * Every child's episodes pass checkEpisodes (care-history/rules.ts) with no findings.
 */
import type { ChildHeader, Episode } from '../../../src/domain/care-history/types.ts'
import { isShortBreak } from '../../../src/domain/care-history/episode-facts.ts'
import { addDays, addYears, collectionYearOf, isIsoDate, toDayNumber } from '../../../src/domain/dates/calendar.ts'
import { buildPeriod } from './care-period.ts'
import type { CareSpan } from './care-leavers.ts'
import { careLeaverFor } from './care-leavers.ts'
import { educationFor } from './education.ts'
import { birthdays as birthdaysOf, dayOf, iso } from './days.ts'
import { createGeography, createProviders, homePostcode } from './geography.ts'
import { healthChecksFor, sdqReturnsFor } from './health.ts'
import type { CarePeriodSpan, RecordContext } from './health.ts'
import { nhsNumberSource, upnSource } from './identifiers.ts'
import type { PlaceContext } from './places.ts'
import { missingEpisodesFor } from './missing.ts'
import { servicesFor, type DemoServices } from './services.ts'
import { planChildren } from './plans.ts'
import type { ChildPlan } from './plans.ts'
import { createRandom } from './random.ts'
import type { Random, WeightTable } from './random.ts'
import { buildShortBreaks } from './short-breaks.ts'
import type { DemoAuthority, DemoCareLeaver, DemoChild, DemoHealthCheck, DemoMissingEpisode, DemoSdqReturn, GenerateOptions } from './types.ts'
import type { DemoEducation } from './education.ts'

export const DEMO_DEFAULTS = Object.freeze({
  years: 10,
  endDate: '2026-03-31',
  targetInCare: 470,
  admissionsPerYear: 100,
  scale: 1,
})

/** Ethnicity of children in care (903 ETHNIC), roughly a South Yorkshire authority. */
const ETHNICITY: WeightTable<string> = [
  ['WBRI', 76],
  ['WOTH', 3],
  ['WROM', 2],
  ['WIRT', 0.5],
  ['WIRI', 0.3],
  ['MWBC', 4],
  ['MWBA', 1],
  ['MWAS', 2],
  ['MOTH', 2.5],
  ['APKN', 4],
  ['AIND', 0.4],
  ['ABAN', 0.3],
  ['AOTH', 1],
  ['BCRB', 0.5],
  ['BAFR', 1.5],
  ['BOTH', 0.5],
  ['CHNE', 0.2],
  ['OOTH', 1],
  ['REFU', 0.2],
  ['NOBT', 0.3],
]
const UASC_ETHNICITY: WeightTable<string> = [
  ['BAFR', 35],
  ['AOTH', 25],
  ['OOTH', 30],
  ['WOTH', 5],
  ['BOTH', 5],
]

/** Category of need at entry (903 CIN), by the national mix. */
const CATEGORY_OF_NEED: WeightTable<string> = [
  ['N1', 64],
  ['N2', 3],
  ['N3', 3],
  ['N4', 8],
  ['N5', 14],
  ['N6', 1.5],
  ['N7', 0.2],
  ['N8', 6.3],
]

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`)
  return value
}

function sexCode(male: boolean, endDate: string, random: Random): string {
  // 1/2 up to 2023-24, M/F/U from 2024-25: the header carries the codes of the extract's year.
  if (collectionYearOf(endDate) < 2025) return male ? '1' : '2'
  if (random.chance(0.002)) return 'U'
  return male ? 'M' : 'F'
}

/** Generates one synthetic authority. Deterministic for given options. */
export function generateAuthority(options: GenerateOptions): DemoAuthority {
  const la = options.la
  if (!/^\d{3}$/.test(la)) throw new RangeError(`la must be a three-digit DfE authority code, got ${JSON.stringify(la)}`)
  const years = Math.round(positive('years', options.years ?? DEMO_DEFAULTS.years))
  const endDate = options.endDate ?? DEMO_DEFAULTS.endDate
  if (!isIsoDate(endDate)) throw new RangeError(`endDate must be a date (YYYY-MM-DD), got ${JSON.stringify(endDate)}`)
  const scale = positive('scale', options.scale ?? DEMO_DEFAULTS.scale)
  const targetInCare = Math.round(positive('targetInCare', options.targetInCare ?? DEMO_DEFAULTS.targetInCare) * scale)
  const admissionsPerYear = positive('admissionsPerYear', options.admissionsPerYear ?? DEMO_DEFAULTS.admissionsPerYear) * scale
  const seed = `${la}\u0000${String(options.seed)}`

  const endDay = toDayNumber(endDate)
  const startDate = addDays(addYears(endDate, -years), 1)
  const windowStart = toDayNumber(startDate)

  const random = createRandom(seed, 'authority')
  const geo = createGeography(la, random)
  const providers = createProviders(geo, scale, random)
  const nextNhs = nhsNumberSource(random)
  const nextUpn = upnSource(la, random)
  const plans = planChildren({ seed, windowStart, endDay, targetInCare, admissionsPerYear })

  const counters = { HC: 0, SDQ: 0, CL: 0 }
  const nextId = (kind: 'HC' | 'SDQ' | 'CL'): string => `${la}-${kind}-${String(++counters[kind]).padStart(7, '0')}`

  const children: DemoChild[] = []
  const healthChecks: DemoHealthCheck[] = []
  const sdqReturns: DemoSdqReturn[] = []
  const careLeavers: DemoCareLeaver[] = []
  // The virtual school's returns and missing episodes draw from streams of their own, leaving the rest as it was.
  const education: DemoEducation = { peps: [], attendance: [], exclusions: [], attainment: [] }
  const missingEpisodes: DemoMissingEpisode[] = []
  const educationCounters = { PEP: 0, ATT: 0, EXC: 0, RES: 0 }
  // CAMHS, advocacy and return home interviews: a stream of their own too.
  const services: DemoServices = { camhsReferrals: [], advocacyReferrals: [], advocacyIssues: [], returnInterviews: [] }
  const serviceCounters = { CAMHS: 0, ADV: 0, ADVI: 0, RHI: 0 }
  const nextServiceId = (kind: keyof typeof serviceCounters): string => `${la}-${kind}-${String(++serviceCounters[kind]).padStart(7, '0')}`
  const nextEducationId = (kind: keyof typeof educationCounters): string => `${la}-${kind}-${String(++educationCounters[kind]).padStart(7, '0')}`

  for (const plan of plans.children) {
    const childRandom = createRandom(seed, 'child', plan.seed)
    const birthdays = birthdaysOf(plan.dob)
    const home = plan.uasc ? null : homePostcode(geo, childRandom)
    const ctx: PlaceContext = { random: childRandom, geo, providers, homePostcode: home, distanceKnown: !plan.uasc }

    const episodes: Episode[] = []
    const spans: CarePeriodSpan[] = []
    if (plan.shortBreaks) {
      episodes.push(...buildShortBreaks(ctx, { homePostcode: home, from: plan.breaksFrom, to: plan.breaksTo }))
    } else {
      for (const period of plan.periods) {
        const categoryOfNeed = plan.uasc ? 'N8' : childRandom.weighted(CATEGORY_OF_NEED)
        episodes.push(
          ...buildPeriod(
            childRandom,
            ctx,
            { birthdays, uasc: plan.uasc, homePostcode: home },
            {
              start: period.start,
              end: period.end,
              pathway: period.pathway,
              agedOut: period.agedOut,
              categoryOfNeed,
              endDay,
            },
          ),
        )
        spans.push({ start: period.start, end: period.end, categoryOfNeed })
      }
    }
    if (episodes.length === 0) continue

    const childId = String(100001 + children.length)
    children.push({ header: header(plan, childId, birthdays, endDate, childRandom, nextNhs, nextUpn), episodes })

    const records: RecordContext = { random: childRandom, childId, birthdays, windowStart, endDay, nextId }
    healthChecks.push(...healthChecksFor(records, spans))
    sdqReturns.push(...sdqReturnsFor(records, spans))
    const careSpans: CareSpan[] = episodes
      .filter((e) => !isShortBreak(e))
      .map((e) => ({
        start: dayOf(e.startDate),
        end: e.endDate === null ? null : dayOf(e.endDate),
        reasonEnded: e.reasonEnded,
      }))
    const leaver = careLeaverFor(records, careSpans)
    if (leaver !== null) careLeavers.push(leaver)
    const own = { childId, birthdays, windowStart, endDay }
    const school = educationFor({ ...own, random: createRandom(seed, 'education', plan.seed), nextId: nextEducationId }, spans)
    education.peps.push(...school.peps)
    education.attendance.push(...school.attendance)
    education.exclusions.push(...school.exclusions)
    education.attainment.push(...school.attainment)
    const missing = missingEpisodesFor({ ...own, random: createRandom(seed, 'missing', plan.seed) }, spans)
    missingEpisodes.push(...missing)
    const child = servicesFor({ ...own, random: createRandom(seed, 'services', plan.seed), nextId: nextServiceId }, spans, missing)
    services.camhsReferrals.push(...child.camhsReferrals)
    services.advocacyReferrals.push(...child.advocacyReferrals)
    services.advocacyIssues.push(...child.advocacyIssues)
    services.returnInterviews.push(...child.returnInterviews)
  }

  return {
    la,
    parameters: { seed: options.seed, years, startDate, endDate, targetInCare, admissionsPerYear, scale },
    children,
    healthChecks,
    sdqReturns,
    careLeavers,
    ...education,
    missingEpisodes,
    ...services,
  }
}

function header(
  plan: ChildPlan,
  childId: string,
  birthdays: readonly number[],
  endDate: string,
  random: Random,
  nextNhs: () => string,
  nextUpn: (year: number) => string,
): ChildHeader {
  const endDay = toDayNumber(endDate)
  const dateOfBirth = iso(plan.dob)
  const birthYear = Number(dateOfBirth.slice(0, 4))
  const schoolAge = endDay >= (birthdays[5] as number)
  let upn: string | null
  if (plan.uasc) upn = random.chance(0.6) ? 'UN2' : nextUpn(Number(iso(plan.periods[0]?.start ?? endDay).slice(0, 4)))
  else if (!schoolAge) upn = 'UN1'
  else if (random.chance(0.03)) upn = random.pick(['UN3', 'UN5'])
  else upn = nextUpn(birthYear + 4)
  const turned18 = birthdays[18] as number
  return {
    childId,
    sex: sexCode(plan.male, endDate, random),
    dateOfBirth,
    ethnicity: random.weighted(plan.uasc ? UASC_ETHNICITY : ETHNICITY),
    upn,
    nhsNumber: random.chance(plan.uasc ? 0.8 : 0.97) ? nextNhs() : null,
    uasc: plan.uasc,
    // DUC: UASC status ends at 18 (rule 304: not after the 18th birthday).
    uascCeasedOn: plan.uasc && turned18 <= endDay ? iso(turned18) : null,
  }
}
