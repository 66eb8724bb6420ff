import t, { type Test } from 'tap'
import type { Episode } from '../../../src/domain/care-history/index.ts'
import { addDays, addMonths, ageOn, daysBetween } from '../../../src/domain/dates/calendar.ts'
import { addWorkingDays } from '../../../src/domain/dates/working-days.ts'
import { generateAuthority, type DemoAuthority } from '../../../scripts/demo/generator/index.ts'
import { kpiTestApp, loadDemo, type CohortBody } from './fixtures.ts'

/**
 * The 5c KPIs (education, CAMHS, advocacy, missing) on a generated authority, against the rules of
 * ../shared/domain/ssda903-and-kpis.md section 5c worked out again here in plain TypeScript over the raw
 * generated rows: in care at D, the current time in care, admissions, in care during the 12 months,
 * school years and terms are written below from the doc's words, not taken from src/. Only calendar
 * arithmetic (days, months, age, working days) is shared. Every KPI's drill-down must have the
 * oracle's members, denominator and numerator child by child (one row per referral, issue or episode
 * where the KPI counts those), and the aggregate must agree (sums, averages and medians too).
 *
 * Besides the generator's plausible records, children made here sit on the rules' edges at the
 * points below: term boundaries, a child turning 4 on 31 August, exact 90% attendance, an interview
 * offered on the third day after the episode, referrals, issues and episodes dated on D and on D
 * minus 12 months, PEPs on the 20th and 21st working day after admission.
 */
const POINTS = ['2025-08-31', '2025-09-01', '2025-12-31', '2026-01-01', '2026-03-31']

const BASE = {
  categoryOfNeed: 'N1',
  placementType: 'U1',
  placementProvider: 'PR1',
  homePostcode: 'S60 9ZZ',
  placementPostcode: 'S60 1AA',
  urn: null,
  reasonPlaceChange: null,
} as const

function addEdgeCases(demo: DemoAuthority): void {
  let n = 0
  const child = (dob: string, episodes: Array<Partial<Episode> & { startDate: string }>): string => {
    const childId = `EDG${++n}`
    demo.children.push({
      header: { childId, sex: 'M', dateOfBirth: dob, ethnicity: 'WBRI', upn: null, nhsNumber: null, uasc: false, uascCeasedOn: null },
      episodes: episodes.map((e) => ({ ...BASE, reasonNewEpisode: 'S', legalStatus: 'C2', endDate: null, reasonEnded: null, ...e })),
    })
    return childId
  }
  const pep = (childId: string, date: string, status: 'completed' | 'draft' = 'completed') =>
    demo.peps.push({ recordId: `${childId}-P${date}${status}`, childId, date, status, kind: 'review' })
  // Turns 4 on 31 August 2025: Reception from 1 September 2025; one born a day later is not.
  for (const dob of ['2021-08-31', '2021-09-01', '2009-08-31', '2009-09-01']) {
    const id = child(dob, [{ startDate: '2023-05-02' }])
    for (const d of ['2025-08-31', '2025-09-01', '2025-12-31', '2026-01-01']) pep(id, d)
  }
  // In care from short breaks (V4 then C2 inside one period), PEP drafts and completed ones at term edges.
  const sb = child('2015-03-10', [
    { startDate: '2022-01-10', endDate: '2025-08-04', legalStatus: 'V4', reasonEnded: 'X1' },
    { startDate: '2025-08-04', reasonNewEpisode: 'L' },
  ])
  pep(sb, '2025-09-01', 'draft')
  pep(sb, '2025-12-31')
  // New entrants: a PEP on the 20th working day after admission (day 0), one on the 21st, one before.
  for (const [k, start] of ['2025-07-21', '2025-11-03', '2025-12-08', '2026-03-02'].entries()) {
    const id = child('2013-06-01', [{ startDate: start }])
    pep(id, addWorkingDays(start, 20 + (k % 2)))
  }
  const id4 = child('2021-08-31', [{ startDate: '2025-08-31' }]) // admitted on the day before Reception
  pep(id4, '2025-09-05')
  const id5 = child('2021-08-31', [{ startDate: '2025-09-01' }]) // admitted the first day of Reception
  pep(id5, '2025-09-05')
  // Attendance at 90% exactly, just under, 0 possible sessions; terms around the year's boundaries.
  for (const [k, [possible, attended]] of (
    [
      [100, 90],
      [100, 89],
      [0, 0],
      [300, 271],
    ] as const
  ).entries()) {
    const id = child('2012-02-02', [{ startDate: '2020-01-06' }])
    for (const [year, term] of [
      [2024, 'summer'],
      [2024, 'autumn'],
      [2024, 'spring'],
      [2025, 'autumn'],
      [2025, 'spring'],
    ] as const) {
      demo.attendance.push({
        recordId: `${id}-A${year}${term}`,
        childId: id,
        academicYear: year,
        term,
        possibleSessions: possible,
        attendedSessions: attended - (year === 2025 && k === 3 ? 1 : 0),
        authorisedAbsences: 0,
        unauthorisedAbsences: possible - attended,
      })
    }
    // Suspensions on D minus 12 months (out), the day after (in), on D (in); a permanent exclusion.
    for (const [j, d] of ['2024-12-31', '2025-01-01', '2025-12-31', '2026-01-01'].entries()) {
      demo.exclusions.push({
        recordId: `${id}-X${j}`,
        childId: id,
        kind: k === 2 && j === 3 ? 'permanent_exclusion' : 'suspension',
        startDate: d,
        days: k === 2 && j === 3 ? null : 1.5,
      })
    }
  }
  // Attainment 2024/25: in care from exactly 31 March 2024 (in the cohort at 31 March 2025) and a day later.
  for (const start of ['2024-03-31', '2024-04-01', '2021-04-01']) {
    const id = child('2014-07-07', [{ startDate: start }])
    demo.attainment.push({
      recordId: `${id}-K2`,
      childId: id,
      academicYear: 2024,
      keyStage: 'ks2',
      reading: true,
      writing: true,
      maths: start !== '2021-04-01',
    })
    const k4 = child('2009-01-01', [{ startDate: start }])
    demo.attainment.push({
      recordId: `${k4}-K4`,
      childId: k4,
      academicYear: 2024,
      keyStage: 'ks4',
      attainment8: 31.5,
      englishMathsGrade4: start === '2024-03-31',
    })
    const ey = child('2019-12-12', [{ startDate: start }])
    demo.attainment.push({ recordId: `${ey}-EY`, childId: ey, academicYear: 2024, keyStage: 'eyfs', goodLevelOfDevelopment: true })
  }
  // CAMHS, advocacy, missing and interviews dated on D, on D minus 12 months and around 72 hours.
  const cared = child('2011-11-11', [{ startDate: '2019-03-04' }])
  const left = child('2011-11-11', [{ startDate: '2019-03-04', endDate: '2025-01-01', reasonEnded: 'E13' }]) // out on D minus 12 months plus a day
  const last = child('2011-11-11', [{ startDate: '2019-03-04', endDate: '2025-01-02', reasonEnded: 'E13' }]) // in care that day
  for (const id of [cared, left, last]) {
    for (const [j, d] of ['2024-12-31', '2025-01-01', '2025-12-03', '2025-12-31', '2026-01-01'].entries()) {
      demo.camhsReferrals.push({
        recordId: `${id}-C${j}`,
        childId: id,
        referredOn: d,
        decision: j === 1 ? 'declined' : 'accepted',
        decidedOn: d,
        firstAppointmentOn: j === 2 ? '2025-12-31' : j === 0 ? '2025-01-29' : j === 3 ? '2026-01-29' : null,
        dischargedOn: j === 4 ? '2026-01-01' : null,
      })
      demo.advocacyReferrals.push({ recordId: `${id}-R${j}`, childId: id, referredOn: d, closedOn: null })
      demo.advocacyIssues.push({
        recordId: `${id}-I${j}`,
        childId: id,
        referralRecordId: `${id}-R${j}`,
        raisedOn: d,
        resolvedOn: j === 2 ? '2025-12-31' : j === 3 ? '2026-01-01' : null,
        category: 'placement',
      })
      demo.missingEpisodes.push({ childId: id, type: j === 4 ? 'A' : 'M', start: addDays(d, -2), end: d })
      if (j < 4) {
        demo.returnInterviews.push({
          recordId: `${id}-H${j}`,
          childId: id,
          missingStart: addDays(d, -2),
          offeredOn: addDays(d, 3 + (j % 2)),
          response: j === 2 ? 'declined' : 'accepted',
          heldOn: null,
        })
      }
    }
    demo.missingEpisodes.push({ childId: id, type: 'M', start: '2025-12-31', end: null })
  }
}

const h = await kpiTestApp(t)
const demo = generateAuthority({ la: '862', seed: 'oracle-5c', scale: 0.2, endDate: '2026-03-31' })
addEdgeCases(demo)
await loadDemo(h.db, demo, '2026-03-31')
const la = demo.la
t.ok(
  demo.peps.length > 100 && demo.attendance.length > 100 && demo.camhsReferrals.length > 20 && demo.missingEpisodes.length > 20,
  `generated: ${demo.children.length} children, ${demo.peps.length} PEPs, ${demo.attendance.length} attendance records, ` +
    `${demo.exclusions.length} exclusions, ${demo.attainment.length} results, ${demo.camhsReferrals.length} CAMHS referrals, ` +
    `${demo.advocacyIssues.length} advocacy issues, ${demo.missingEpisodes.length} missing episodes, ${demo.returnInterviews.length} interviews`,
)

// ---- 5a/5b as the doc words them, over the raw episodes ----
const isShortBreak = (e: Episode) => e.legalStatus === 'V3' || e.legalStatus === 'V4'
/** In care on day x: an episode with DECOM <= x < DEC, not a short break. */
const openOn = (eps: Episode[], x: string) => eps.findIndex((e) => e.startDate <= x && (e.endDate === null || e.endDate > x) && !isShortBreak(e))
/** An admission: RNE S, or the first other episode straight after V3/V4 short breaks; never V3/V4 itself. */
const isAdmission = (eps: Episode[], i: number) => {
  const e = eps[i] as Episode
  const prev = eps[i - 1]
  return !isShortBreak(e) && (e.reasonNewEpisode === 'S' || (prev !== undefined && prev.endDate === e.startDate && isShortBreak(prev)))
}
/** The start of the current time in care: back from the episode open on x to its latest admission. */
const careStart = (eps: Episode[], x: string): string | null => {
  let i = openOn(eps, x)
  if (i < 0) return null
  while (i > 0 && !isAdmission(eps, i) && (eps[i - 1] as Episode).endDate === (eps[i] as Episode).startDate) i--
  return (eps[i] as Episode).startDate
}

// ---- 5c school years and terms ----
/** The 31 August before the academic year (1 September-31 August) holding d. */
const augustBefore = (d: string) => {
  const y = Number(d.slice(0, 4))
  return d.slice(5) >= '09-01' ? `${y}-08-31` : `${y - 1}-08-31`
}
const schoolYear = (dob: string, d: string) => ageOn(dob, augustBefore(d)) - 4
const termStart = (d: string) => {
  const y = d.slice(0, 4)
  const md = d.slice(5)
  return md >= '09-01' ? `${y}-09-01` : md >= '04-01' ? `${y}-04-01` : `${y}-01-01`
}
const termEnd = (academicYear: number, term: string) =>
  term === 'autumn' ? `${academicYear}-12-31` : term === 'spring' ? `${academicYear + 1}-03-31` : `${academicYear + 1}-08-31`
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length === 0 ? null : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}
const round1 = (x: number) => Math.round(x * 10) / 10

const kids = demo.children.map((c) => ({ id: c.header.childId, dob: c.header.dateOfBirth, eps: c.episodes }))
const byChild = <T extends { childId: string }>(rows: T[]) => {
  const m = new Map<string, T[]>()
  for (const r of rows) m.set(r.childId, [...(m.get(r.childId) ?? []), r])
  return (id: string) => m.get(id) ?? []
}
const pepsOf = byChild(demo.peps)
const attendanceOf = byChild(demo.attendance)
const exclusionsOf = byChild(demo.exclusions)
const resultsOf = byChild(demo.attainment)

/** [childId, inDenominator, counted, measure] */
type Row = [string, boolean, boolean, number | null]
const key = (r: Row) => JSON.stringify(r)

interface Expect {
  numerator?: number | null
  denominator?: number | null
  value?: number | null
}

async function check(t: Test, kpi: string, asAt: string, oracle: Row[], expect: Expect = {}) {
  const expected = oracle.map(([id, d, n, m]): Row => [id, d, d && n, m]).sort((a, b) => (key(a) < key(b) ? -1 : 1))
  const cohort: CohortBody = await h.cohort(la, kpi, `asAt=${asAt}`)
  const got = cohort.items.map((i): Row => [i.childId, i.inDenominator, i.counted, i.measure]).sort((a, b) => (key(a) < key(b) ? -1 : 1))
  t.same(got, expected, `${kpi} at ${asAt}: ${expected.length} rows, ${expected.filter((r) => r[2]).length} counted`)
  const agg = await h.kpi(la, kpi, `asAt=${asAt}`)
  t.equal(agg.cohortSize, expected.length, `${kpi} at ${asAt}: cohort size`)
  const figures = {
    numerator: expect.numerator !== undefined ? expect.numerator : expected.filter((r) => r[2]).length,
    ...(expect.denominator !== undefined
      ? { denominator: expect.denominator }
      : agg.denominator !== null
        ? { denominator: expected.filter((r) => r[1]).length }
        : {}),
    ...(expect.value !== undefined ? { value: expect.value } : {}),
  }
  t.match(agg, figures, `${kpi} at ${asAt}: figures`)
}

for (const D of POINTS) {
  const m12 = addMonths(D, -12)
  const in12 = (d: string | null): d is string => d !== null && d > m12 && d <= D
  const inCare = kids.filter((k) => openOn(k.eps, D) >= 0)
  const healthCohort = inCare.filter((k) => (careStart(k.eps, D) as string) <= m12)
  const during = kids.filter((k) => k.eps.some((e) => !isShortBreak(e) && e.startDate <= D && (e.endDate === null || e.endDate > addDays(m12, 1))))

  t.test(`education at ${D}`, async (t) => {
    const pepCohort = inCare.filter((k) => {
      const y = schoolYear(k.dob, D)
      return y >= 0 && y <= 11 && addWorkingDays(careStart(k.eps, D) as string, 20) <= D
    })
    await check(
      t,
      'pep-this-term',
      D,
      pepCohort.map((k) => [k.id, true, pepsOf(k.id).some((p) => p.status === 'completed' && p.date >= termStart(D) && p.date <= D), null]),
    )
    const entrants = kids.flatMap((k) =>
      k.eps.flatMap((e, i): Row[] => {
        if (!isAdmission(k.eps, i) || !in12(e.startDate)) return []
        const y = schoolYear(k.dob, e.startDate)
        if (y < 0 || y > 11) return []
        const deadline = addWorkingDays(e.startDate, 20)
        const onTime = pepsOf(k.id).some((p) => p.status === 'completed' && p.date >= e.startDate && p.date <= deadline)
        return [[k.id, deadline <= D, onTime, null]]
      }),
    )
    await check(t, 'pep-new-entrants-on-time', D, entrants)

    const sessions = (id: string) => {
      const recs = attendanceOf(id).filter((a) => in12(termEnd(a.academicYear, a.term)))
      return { possible: recs.reduce((s, a) => s + a.possibleSessions, 0), attended: recs.reduce((s, a) => s + a.attendedSessions, 0) }
    }
    const attendanceCohort = healthCohort.filter((k) => schoolYear(k.dob, D) >= 1 && schoolYear(k.dob, D) <= 11).map((k) => ({ id: k.id, ...sessions(k.id) }))
    await check(
      t,
      'school-attendance',
      D,
      attendanceCohort.map((a) => [a.id, a.possible > 0, a.possible > 0, null]),
      { numerator: attendanceCohort.reduce((s, a) => s + a.attended, 0), denominator: attendanceCohort.reduce((s, a) => s + a.possible, 0) },
    )
    await check(
      t,
      'persistent-absence',
      D,
      attendanceCohort.map((a) => [a.id, a.possible > 0, a.possible > 0 && a.attended / a.possible < 0.9, null]),
    )

    const schoolAge = healthCohort.filter((k) => schoolYear(k.dob, D) >= 0 && schoolYear(k.dob, D) <= 11)
    const ex = schoolAge.map((k) => {
      const xs = exclusionsOf(k.id).filter((x) => in12(x.startDate))
      const susp = xs.filter((x) => x.kind === 'suspension')
      return { id: k.id, suspensions: susp.length, days: susp.reduce((s, x) => s + (x.days ?? 0), 0), permanent: xs.length - susp.length }
    })
    const rows = (f: (x: (typeof ex)[number]) => boolean) => ex.map((x): Row => [x.id, true, f(x), null])
    await check(
      t,
      'suspended-children',
      D,
      rows((x) => x.suspensions > 0),
    )
    await check(
      t,
      'suspensions',
      D,
      rows((x) => x.suspensions > 0),
      { numerator: ex.reduce((s, x) => s + x.suspensions, 0) },
    )
    await check(
      t,
      'suspension-days-lost',
      D,
      rows((x) => x.suspensions > 0),
      { numerator: ex.reduce((s, x) => s + x.days, 0) },
    )
    await check(
      t,
      'permanent-exclusions',
      D,
      rows((x) => x.permanent > 0),
      { numerator: ex.reduce((s, x) => s + x.permanent, 0) },
    )
  })

  t.test(`attainment at ${D}`, async (t) => {
    // The academic year whose 31 August is in the 12 months; its cohort: the health cohort at its 31 March.
    const y = Number(D.slice(0, 4)) - (D.slice(5) >= '08-31' ? 0 : 1)
    const march = `${y}-03-31`
    const cohort = kids.filter((k) => openOn(k.eps, march) >= 0 && (careStart(k.eps, march) as string) <= addMonths(march, -12))
    const result = <S extends DemoAuthority['attainment'][number]['keyStage']>(id: string, stage: S) =>
      resultsOf(id)
        .filter((r): r is Extract<DemoAuthority['attainment'][number], { keyStage: S }> => r.keyStage === stage && r.academicYear === y - 1)
        .sort((a, b) => (a.recordId < b.recordId ? -1 : 1))
        .at(-1)
    const eyfs = cohort.flatMap((k) => (result(k.id, 'eyfs') ? [[k.id, true, result(k.id, 'eyfs')?.goodLevelOfDevelopment === true, null] as Row] : []))
    await check(t, 'eyfs-good-level-of-development', D, eyfs)
    const ks2 = cohort.flatMap((k) => {
      const r = result(k.id, 'ks2')
      return r ? [[k.id, true, r.reading && r.writing && r.maths, null] as Row] : []
    })
    await check(t, 'ks2-rwm-expected', D, ks2)
    const ks4 = cohort.flatMap((k) => {
      const r = result(k.id, 'ks4')
      return r ? [{ id: k.id, a8: r.attainment8, em: r.englishMathsGrade4 }] : []
    })
    const a8 = ks4.reduce((s, r) => s + r.a8, 0)
    await check(
      t,
      'ks4-attainment8',
      D,
      ks4.map((r) => [r.id, true, true, r.a8]),
      { numerator: a8, denominator: ks4.length, value: ks4.length ? round1(a8 / ks4.length) : null },
    )
    await check(
      t,
      'ks4-english-maths-4',
      D,
      ks4.map((r) => [r.id, true, r.em, null]),
    )
    t.ok(eyfs.length + ks2.length + ks4.length > 0, `${eyfs.length} EYFS, ${ks2.length} KS2, ${ks4.length} KS4 results for ${y - 1}/${y}`)
  })

  t.test(`CAMHS at ${D}`, async (t) => {
    const inCareIds = new Set(inCare.map((k) => k.id))
    const refs = demo.camhsReferrals.filter((r) => inCareIds.has(r.childId) && r.referredOn <= D)
    // Waiting: accepted, not seen and not discharged on or before D (closed unseen is not waiting).
    const seenBy = (d: string | null) => d !== null && d <= D
    const waiting = refs.filter((r) => r.decision === 'accepted' && !seenBy(r.firstAppointmentOn) && !seenBy(r.dischargedOn))
    await check(
      t,
      'camhs-waiting',
      D,
      waiting.map((r) => [r.childId, true, true, null]),
    )
    // The waiting list (GET .../camhs/waiting-list) holds the same referrals, every page of it.
    const listed: string[] = []
    for (let cursor: string | null = null, pages = 0; pages === 0 || cursor !== null; pages++) {
      const res = await h.call(h.reader, {
        method: 'GET',
        url: `/v1/authorities/${la}/camhs/waiting-list?asAt=${D}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      })
      const body = res.json<{ items: Array<{ recordId: string; referredOn: string; daysWaited: number }>; nextCursor: string | null }>()
      listed.push(...body.items.map((i) => `${i.recordId} ${i.daysWaited}`))
      cursor = body.nextCursor
    }
    t.same(
      listed.sort(),
      waiting.map((r) => `${r.recordId} ${daysBetween(r.referredOn, D)}`).sort(),
      `the CAMHS waiting list at ${D}: the KPI's ${waiting.length} referrals, days waited to D`,
    )
    const recent = refs.filter((r) => in12(r.referredOn))
    await check(
      t,
      'camhs-referrals',
      D,
      recent.map((r) => [r.childId, true, true, null]),
    )
    await check(
      t,
      'camhs-declined',
      D,
      recent.map((r) => [r.childId, true, r.decision === 'declined', null]),
    )
    const seen = refs.flatMap((r) => (in12(r.firstAppointmentOn) ? [{ id: r.childId, days: daysBetween(r.referredOn, r.firstAppointmentOn) }] : []))
    const mid = median(seen.map((s) => s.days))
    await check(
      t,
      'camhs-days-to-first-appointment',
      D,
      seen.map((s) => [s.id, true, true, s.days]),
      { numerator: null, denominator: seen.length, value: mid === null ? null : round1(mid) },
    )
    await check(
      t,
      'camhs-seen-within-28-days',
      D,
      seen.map((s) => [s.id, true, s.days <= 28, null]),
    )
  })

  t.test(`advocacy at ${D}`, async (t) => {
    await check(
      t,
      'advocacy-uptake',
      D,
      during.map((k) => [k.id, true, demo.advocacyReferrals.some((r) => r.childId === k.id && in12(r.referredOn)), null]),
    )
    const issues = demo.advocacyIssues.filter((i) => in12(i.raisedOn))
    const resolved = (i: (typeof issues)[number]) => i.resolvedOn !== null && i.resolvedOn <= D
    await check(
      t,
      'advocacy-issues-raised',
      D,
      issues.map((i) => [i.childId, true, true, null]),
    )
    await check(
      t,
      'advocacy-issues-resolved',
      D,
      issues.map((i) => [i.childId, true, resolved(i), null]),
    )
    const days = issues.filter(resolved).map((i) => daysBetween(i.raisedOn, i.resolvedOn as string))
    const mid = median(days)
    await check(
      t,
      'advocacy-days-to-resolve',
      D,
      issues.map((i) => [i.childId, resolved(i), true, resolved(i) ? daysBetween(i.raisedOn, i.resolvedOn as string) : null]),
      { numerator: null, denominator: days.length, value: mid === null ? null : round1(mid) },
    )
  })

  t.test(`missing at ${D}`, async (t) => {
    const count = (id: string, type: 'M' | 'A') => demo.missingEpisodes.filter((m) => m.childId === id && m.type === type && in12(m.start)).length
    const cohort = during.map((k) => ({ id: k.id, m: count(k.id, 'M'), a: count(k.id, 'A') }))
    await check(
      t,
      'missing-children',
      D,
      cohort.map((c) => [c.id, true, c.m > 0, null]),
    )
    await check(
      t,
      'away-children',
      D,
      cohort.map((c) => [c.id, true, c.a > 0, null]),
    )
    const episodes = cohort.reduce((s, c) => s + c.m, 0)
    const went = cohort.filter((c) => c.m > 0).length
    await check(
      t,
      'missing-episodes',
      D,
      cohort.map((c) => [c.id, true, c.m > 0, null]),
      { numerator: episodes },
    )
    await check(
      t,
      'missing-episodes-per-child',
      D,
      cohort.map((c) => [c.id, c.m > 0, true, c.m]),
      { numerator: episodes, denominator: went, value: went ? round1(episodes / went) : null },
    )
    // Return home interviews: M episodes ended in the 12 months, matched by child and MIS_START.
    const ended = demo.missingEpisodes
      .filter((m) => m.type === 'M' && in12(m.end))
      .map((m) => {
        const i = demo.returnInterviews.find((r) => r.childId === m.childId && r.missingStart === m.start)
        const offered = i !== undefined && i.offeredOn !== null && i.offeredOn <= D ? i.offeredOn : null
        return { id: m.childId, end: m.end as string, offered, accepted: i?.response === 'accepted' }
      })
    await check(
      t,
      'return-interviews-offered-72-hours',
      D,
      ended.map((e) => [e.id, true, e.offered !== null && e.offered <= addDays(e.end, 3), null]),
    )
    await check(
      t,
      'return-interviews-accepted',
      D,
      ended.map((e) => [e.id, e.offered !== null, e.accepted, null]),
    )
    t.ok(ended.length > 0 && went > 0, `${went} children went missing, ${ended.length} episodes ended in the 12 months to ${D}`)
  })
}
