import t, { type Test } from 'tap'
import { careEvents, currentState, deriveCareHistory, isInCareOn, isShortBreak, type Episode } from '../../../src/domain/care-history/index.ts'
import { ADOPTION_PLACEMENTS, EET_ACTIVITIES, FOSTER_PLACEMENTS } from '../../../src/domain/code-lists/index.ts'
import { addDays, addMonths, ageOn, birthdayIn, parseIsoDate } from '../../../src/domain/dates/calendar.ts'
import { addWorkingDays } from '../../../src/domain/dates/working-days.ts'
import { generateAuthority } from '../../../scripts/demo/generator/index.ts'
import { healthDue, nextReviewDue } from '../../../src/domain/health/due-dates.ts'
import { careLeaverOn, nearestContact, type CareSpan } from '../../../src/domain/imports/return-facts.ts'
import { kpiTestApp, loadDemo, type CohortBody } from './fixtures.ts'
import type { DemoAuthority } from '../../../scripts/demo/generator/index.ts'

/**
 * The generator's short breaks are V3 periods of their own. These children move from V4 short breaks
 * into care inside one period (5a/5b), some back to short breaks and into care again, with assessments
 * and carer SDQs during both, at dates spread around every point's 12, 24 and 30 months.
 */
function addShortBreaksThenCare(demo: DemoAuthority): void {
  const V4 = {
    categoryOfNeed: 'N2',
    placementType: 'U6',
    placementProvider: 'PR1',
    homePostcode: 'S60 9ZZ',
    placementPostcode: 'S60 1AA',
    urn: null,
    reasonPlaceChange: null,
  }
  for (let k = 0; k < 24; k++) {
    const childId = `SBC${k}`
    const from = addDays('2018-01-08', 80 * k)
    const care = addDays(from, 150 + 17 * k)
    const episodes: Episode[] = [{ ...V4, startDate: from, endDate: care, reasonNewEpisode: 'S', legalStatus: 'V4', reasonEnded: 'X1' }]
    if (k % 3 === 0) {
      // Back to short breaks after 400 days, into care again 150 days later.
      const back = addDays(care, 400)
      const again = addDays(back, 150)
      episodes.push(
        { ...V4, startDate: care, endDate: back, reasonNewEpisode: 'L', legalStatus: 'C2', reasonEnded: 'X1' },
        { ...V4, startDate: back, endDate: again, reasonNewEpisode: 'L', legalStatus: 'V4', reasonEnded: 'X1' },
        { ...V4, startDate: again, endDate: null, reasonNewEpisode: 'L', legalStatus: 'C2', reasonEnded: null },
      )
    } else episodes.push({ ...V4, startDate: care, endDate: null, reasonNewEpisode: 'L', legalStatus: 'C2', reasonEnded: null })
    demo.children.push({
      header: {
        childId,
        sex: 'F',
        dateOfBirth: addDays('2010-03-01', 150 * k),
        ethnicity: 'WBRI',
        upn: null,
        nhsNumber: null,
        uasc: false,
        uascCeasedOn: null,
      },
      episodes,
    })
    const check = (n: number, kind: 'initial_health_assessment' | 'review_health_assessment' | 'dental_check', date: string) =>
      demo.healthChecks.push({ recordId: `${childId}-H${n}`, childId, kind, date, outcome: 'completed' })
    check(1, 'review_health_assessment', addDays(care, -40)) // during the short breaks
    if (k % 4 !== 1) check(2, 'initial_health_assessment', addDays(care, 10 + k))
    if (k % 2 === 0) check(3, 'review_health_assessment', addDays(care, 300 + 20 * k))
    check(4, 'dental_check', addDays(care, 200))
    const score = (n: number, date: string, total: number) =>
      demo.sdqReturns.push({
        recordId: `${childId}-Q${n}`,
        childId,
        date,
        informant: 'carer',
        total,
        emotional: null,
        conduct: null,
        hyperactivity: null,
        peer: null,
        prosocial: null,
        reasonCode: null,
      })
    score(1, addDays(care, -20), 12 + (k % 9))
    score(2, addDays(care, 380 + 11 * k), 10 + k)
  }
}

/**
 * The KPIs on a realistic generated authority (scripts/demo/generator: ten years of care histories with
 * moves, holidays, short breaks, adoptions, care leavers and partner records), against the same rules
 * worked out child by child in TypeScript: the care-history domain (in care on a day, events, moves,
 * placement spells), the health due dates and the 903 return's care-leaver rule and nearest contact,
 * each written independently of the SQL. For every KPI the drill-down's members, denominator and
 * numerator must be the oracle's, and the aggregate must agree with the drill-down.
 */
const h = await kpiTestApp(t)
const demo = generateAuthority({ la: '861', seed: 'oracle', scale: 0.2, endDate: '2026-03-31' })
addShortBreaksThenCare(demo)
await loadDemo(h.db, demo, '2026-03-31')
const la = demo.la
const POINTS = ['2023-03-31', '2024-10-31', '2025-03-31', '2026-02-28']

const children = demo.children.map((c) => {
  const episodes: Episode[] = c.episodes
  const derived = deriveCareHistory(episodes)
  const cessations = new Set(
    careEvents(episodes)
      .filter((e) => e.kind === 'cessation')
      .map((e) => e.episodeIndex),
  )
  const spans: CareSpan[] = episodes.flatMap((e, i) =>
    isShortBreak(e) ? [] : [{ startDate: e.startDate, endDate: e.endDate, reasonEnded: e.reasonEnded, isCessation: cessations.has(i) }],
  )
  return { id: c.header.childId, dob: c.header.dateOfBirth, episodes, derived, spans }
})
const checksOf = new Map<string, typeof demo.healthChecks>()
for (const hc of demo.healthChecks) checksOf.set(hc.childId, [...(checksOf.get(hc.childId) ?? []), hc])
const scoresOf = new Map<string, typeof demo.sdqReturns>()
for (const s of demo.sdqReturns) scoresOf.set(s.childId, [...(scoresOf.get(s.childId) ?? []), s])
const contactsOf = new Map(demo.careLeavers.map((c) => [c.childId, c.contacts]))

t.ok(children.length > 200 && demo.healthChecks.length > 1000, `a realistic authority: ${children.length} children`)

/** What a KPI's drill-down says, sorted: members, then [id, inDenominator, counted]. */
type Row = [string, boolean, boolean]
const sortRows = (rows: Row[]) => rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : Number(a[2]) - Number(b[2])))

async function check(t: Test, kpi: string, asAt: string, oracle: Row[]) {
  // Counted means in the numerator: in the denominator as well.
  const expected = oracle.map(([id, d, n]): Row => [id, d, d && n])
  const cohort: CohortBody = await h.cohort(la, kpi, `asAt=${asAt}`)
  const got = sortRows(cohort.items.map((i) => [i.childId, i.inDenominator, i.counted]))
  t.same(got, sortRows(expected), `${kpi} at ${asAt}: ${expected.length} in the cohort`)
  const agg = await h.kpi(la, kpi, `asAt=${asAt}`)
  t.equal(agg.cohortSize, got.length, `${kpi} at ${asAt}: cohort size`)
  if (agg.denominator !== null && kpi !== 'children-in-care-rate') t.equal(agg.denominator, got.filter((r) => r[1]).length, `${kpi} at ${asAt}: denominator`)
  t.equal(agg.numerator, got.filter((r) => r[1] && r[2]).length, `${kpi} at ${asAt}: numerator`)
}

const completed = (id: string, kinds: string[], from: string, to: string) =>
  (checksOf.get(id) ?? []).filter((c) => c.outcome === 'completed' && kinds.includes(c.kind) && c.date > from && c.date <= to)
const ASSESSMENTS = ['initial_health_assessment', 'review_health_assessment']

for (const D of POINTS) {
  const m12 = addMonths(D, -12)
  const inCare = children.filter((c) => isInCareOn(c.episodes, D))
  const state = (c: (typeof children)[number]) => {
    const s = currentState(c.episodes, D)
    if (!s) throw new Error('in care without a state')
    return s
  }
  // 5b: the current time in care (from the latest admission, after any short breaks) began by D minus 12 months.
  const careStart = (c: (typeof children)[number]) => state(c).careStart ?? D
  const healthCohort = inCare.filter((c) => careStart(c) <= m12)
  const fromShortBreaks = healthCohort.filter((c) => state(c).carePeriodStart < careStart(c)).length
  t.ok(fromShortBreaks >= 3, `${fromShortBreaks} of the health cohort at ${D} came into care from short breaks inside their period`)

  t.test(`children in care, placements and stability at ${D}`, async (t) => {
    await check(
      t,
      'children-in-care',
      D,
      inCare.map((c) => [c.id, true, true]),
    )
    await check(
      t,
      'foster-placement-share',
      D,
      inCare.map((c) => [c.id, true, FOSTER_PLACEMENTS.includes(state(c).placementType)]),
    )
    await check(
      t,
      'in-house-share',
      D,
      inCare.filter((c) => state(c).placementProvider !== null).map((c) => [c.id, true, state(c).placementProvider === 'PR1']),
    )
    const placements = (c: (typeof children)[number], months: number) => {
      const first = addDays(addMonths(D, -months), 1)
      const moves = c.episodes.filter((e, i) => c.derived.moves[i] && !isShortBreak(e) && e.startDate > first && e.startDate <= D).length
      return (isInCareOn(c.episodes, first) ? 1 : 0) + moves
    }
    await check(
      t,
      'short-term-stability',
      D,
      inCare.map((c) => [c.id, true, placements(c, 12) >= 3]),
    )
    await check(
      t,
      'short-term-stability-2-year',
      D,
      inCare.filter((c) => careStart(c) <= addMonths(D, -24)).map((c) => [c.id, true, placements(c, 24) >= 3]),
    )
    const m24 = addMonths(D, -24)
    await check(
      t,
      'long-term-stability',
      D,
      inCare
        .filter((c) => ageOn(c.dob, D) < 16 && careStart(c) <= addMonths(D, -30))
        .map((c) => {
          const s = state(c)
          const spell = s.placementSpellIndex === null ? undefined : c.derived.placementSpells[s.placementSpellIndex]
          const before = s.placementSpellIndex === null ? undefined : c.derived.placementSpells[s.placementSpellIndex - 1]
          const adoption =
            ADOPTION_PLACEMENTS.includes(s.placementType) && before !== undefined && before.carePeriodIndex === s.carePeriodIndex && before.startDate <= m24
          return [c.id, true, (spell !== undefined && spell.startDate <= m24) || adoption]
        }),
    )
  })

  t.test(`admissions and cessations in the 12 months to ${D}`, async (t) => {
    const from = addDays(m12, 1)
    for (const kind of ['admission', 'cessation'] as const) {
      const rows: Row[] = children.flatMap((c) =>
        careEvents(c.episodes)
          .filter((e) => e.kind === kind && e.date >= from && e.date <= D)
          .map((): Row => [c.id, true, true]),
      )
      await check(t, `${kind}s`, D, rows)
    }
  })

  t.test(`health at ${D}`, async (t) => {
    await check(
      t,
      'health-assessments',
      D,
      healthCohort.map((c) => [c.id, true, completed(c.id, ASSESSMENTS, m12, D).length > 0]),
    )
    await check(
      t,
      'dental-checks',
      D,
      healthCohort.map((c) => [c.id, true, completed(c.id, ['dental_check'], m12, D).length > 0]),
    )
    await check(
      t,
      'immunisations-up-to-date',
      D,
      healthCohort.map((c) => {
        const reviews = completed(c.id, ['immunisations_review'], m12, D).filter((r) => r.immunisationsUpToDate !== undefined)
        const latest = reviews.reduce<string | null>((m, r) => (m === null || r.date > m ? r.date : m), null)
        return [c.id, true, reviews.some((r) => r.date === latest && r.immunisationsUpToDate === true)]
      }),
    )
    await check(
      t,
      'development-assessments',
      D,
      healthCohort.filter((c) => ageOn(c.dob, D) < 5).map((c) => [c.id, true, completed(c.id, ['development_assessment'], m12, D).length > 0]),
    )
    // The health domain's own due dates (written for the due-list endpoints), child by child.
    await check(
      t,
      'health-assessment-overdue',
      D,
      inCare.map((c) => {
        const due = healthDue({
          dateOfBirth: c.dob,
          asAt: D,
          timesInCare: c.derived.timesInCare.map((x) => ({
            startDate: x.startDate,
            endDate: x.endDate,
            carePeriodStart: c.derived.carePeriods[x.carePeriodIndex]?.startDate ?? x.startDate,
          })),
          checks: (checksOf.get(c.id) ?? []).map((k) => ({
            kind: k.kind,
            date: k.date,
            outcome: k.outcome,
            immunisationsUpToDate: k.immunisationsUpToDate ?? null,
          })),
        })
        return [c.id, true, due.nextHealthAssessment?.overdue === true]
      }),
    )
    // IHA: admissions in the 12 months; due when the 20th working day is on or before D.
    await check(
      t,
      'iha-on-time',
      D,
      children.flatMap((c) =>
        careEvents(c.episodes)
          .filter((e) => e.kind === 'admission' && e.date > m12 && e.date <= D)
          .map((e): Row => {
            const deadline = addWorkingDays(e.date, 20)
            const done = (checksOf.get(c.id) ?? []).some(
              (k) => k.kind === 'initial_health_assessment' && k.outcome === 'completed' && k.date >= e.date && k.date <= deadline,
            )
            return [c.id, deadline <= D, deadline <= D && done]
          }),
      ),
    )
    // RHA: each assessment's due (the health domain's nextReviewDue), in the 12 months, still in that time in care.
    await check(
      t,
      'rha-on-time',
      D,
      children.flatMap((c) => {
        const days = [...new Set(completed(c.id, ASSESSMENTS, '0000-01-01', D).map((k) => k.date))].sort()
        return days.flatMap((a): Row[] => {
          const time = c.derived.timesInCare.find((x) => x.startDate <= a && (x.endDate === null || x.endDate > a))
          if (!time) return []
          const due = nextReviewDue(a, c.dob)
          if (!(due > m12 && due <= D) || (time.endDate !== null && time.endDate <= due)) return []
          return [[c.id, true, days.some((d) => d > a && d <= due)]]
        })
      }),
    )
  })

  t.test(`SDQ at ${D}`, async (t) => {
    const sdqCohort = healthCohort.filter((c) => ageOn(c.dob, D) >= 4 && ageOn(c.dob, D) <= 16)
    const latest = (id: string) => {
      const scores = (scoresOf.get(id) ?? []).filter((s) => s.informant === 'carer' && s.total !== null && s.date > m12 && s.date <= D)
      scores.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : (b.total as number) - (a.total as number)))
      return scores[0]?.total ?? null
    }
    await check(
      t,
      'sdq-completion',
      D,
      sdqCohort.map((c) => [c.id, true, latest(c.id) !== null]),
    )
    await check(
      t,
      'sdq-concern',
      D,
      sdqCohort.map((c) => [c.id, latest(c.id) !== null, (latest(c.id) ?? 0) >= 17]),
    )
    // Every carer return of 17+ in the 12 months, whatever the child's cohort at D: one row per return.
    await check(
      t,
      'sdq-scores-17-plus',
      D,
      demo.sdqReturns
        .filter((s) => s.informant === 'carer' && s.total !== null && s.total >= 17 && s.date > m12 && s.date <= D)
        .map((s): Row => [s.childId, true, true]),
    )
    const avg = await h.kpi(la, 'sdq-average', `asAt=${D}`)
    const scored = sdqCohort.map((c) => latest(c.id)).filter((s): s is number => s !== null)
    t.match(avg, { numerator: scored.reduce((a, b) => a + b, 0), denominator: scored.length }, `sdq-average at ${D}`)
  })

  t.test(`care leavers at ${D}`, async (t) => {
    const gone = ['DIED', 'RHOM']
    const contacts = (id: string) =>
      (contactsOf.get(id) ?? []).map((k) => ({
        recordId: k.recordId,
        date: k.date,
        inTouch: k.inTouch,
        activity: k.activity,
        accommodationType: k.accommodation?.type ?? null,
        accommodationSuitable: k.accommodation ? k.accommodation.suitability === 1 : null,
      }))
    for (const [from, to] of [
      [17, 18],
      [19, 21],
    ] as const) {
      const rows = children.flatMap((c) => {
        const age = ageOn(c.dob, D)
        if (age < from || age > to) return []
        const birthday = birthdayIn(c.dob, parseIsoDate(c.dob).year + age)
        if (!(birthday > m12) || !careLeaverOn(c.dob, c.spans, birthday)) return []
        const contact = nearestContact(contacts(c.id), birthday, D)
        const inDenominator = contact === null || !gone.includes(contact.inTouch)
        return [{ id: c.id, inDenominator, contact }]
      })
      await check(
        t,
        `care-leavers-${from}-${to}-in-touch`,
        D,
        rows.map((r) => [r.id, r.inDenominator, r.contact?.inTouch === 'YES']),
      )
      await check(
        t,
        `care-leavers-${from}-${to}-eet`,
        D,
        rows.map((r) => [r.id, r.inDenominator, EET_ACTIVITIES.includes(r.contact?.activity ?? '')]),
      )
      await check(
        t,
        `care-leavers-${from}-${to}-suitable-accommodation`,
        D,
        rows.map((r) => [r.id, r.inDenominator, r.contact?.accommodationSuitable === true]),
      )
    }
    const leavers = children.filter((c) => ageOn(c.dob, D) >= 17 && ageOn(c.dob, D) <= 21 && careLeaverOn(c.dob, c.spans, D))
    const latestContact = (id: string) =>
      contacts(id)
        .filter((k) => k.date <= D)
        .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.recordId < b.recordId ? -1 : 1))
        .at(-1) ?? null
    const notGone = (id: string) => !gone.includes(latestContact(id)?.inTouch ?? '')
    await check(
      t,
      'care-leavers',
      D,
      leavers.map((c) => [c.id, notGone(c.id), notGone(c.id)]),
    )
    const leaver = new Map(demo.careLeavers.map((c) => [c.childId, c]))
    const m6 = addMonths(D, -6)
    await check(
      t,
      'care-leavers-pathway-plan-current',
      D,
      leavers.map((c) => {
        const dates = (leaver.get(c.id)?.pathwayPlans ?? []).flatMap((p) => [p.date, ...p.reviews])
        return [c.id, notGone(c.id), dates.some((d) => d > m6 && d <= D)]
      }),
    )
    await check(
      t,
      'care-leavers-personal-adviser',
      D,
      leavers.map((c) => {
        const pa = leaver.get(c.id)?.personalAdviser ?? null
        return [c.id, notGone(c.id), pa !== null && pa.allocatedOn <= D]
      }),
    )
    t.ok(leavers.length > 0, `${leavers.length} care leavers aged 17-21 on ${D}`)
  })
}
