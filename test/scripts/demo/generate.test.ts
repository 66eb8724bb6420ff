import t from 'tap'
import { careEvents, checkEpisodes, deriveCareHistory, isInCareOn } from '../../../src/domain/care-history/index.ts'
import type { Episode } from '../../../src/domain/care-history/types.ts'
import { isValidCode } from '../../../src/domain/code-lists/index.ts'
import { addDays, ageOn, birthdayIn, collectionYearOf, daysBetween } from '../../../src/domain/dates/calendar.ts'
import { checkNhsNumber, checkPostcode, checkUpn, checkUrn } from '../../../src/domain/identifiers.ts'
import { generateAuthority } from '../../../scripts/demo/generator/index.ts'
import type { DemoAuthority } from '../../../scripts/demo/generator/index.ts'

// Three default-size (Rotherham-like) authorities, generated once and shared by the checks below.
const SEEDS = [1, 2, 3]
const authorities: DemoAuthority[] = SEEDS.map((seed) => generateAuthority({ la: '372', seed }))

const turns18 = (dob: string): string => birthdayIn(dob, Number(dob.slice(0, 4)) + 18)

function count<T>(xs: readonly T[], f: (x: T) => boolean): number {
  let n = 0
  for (const x of xs) if (f(x)) n++
  return n
}

/** The end of a child's care: the last DEC, or null while in care. */
function careEnded(episodes: readonly Episode[]): string | null {
  const last = episodes[episodes.length - 1] as Episode
  return last.endDate
}

for (const a of authorities) {
  const { endDate, startDate } = a.parameters
  t.test(`seed ${String(a.parameters.seed)}: every history passes checkEpisodes with no findings`, async (t) => {
    let errors = 0
    let warnings = 0
    const rules = new Map<string, number>()
    for (const c of a.children) {
      for (const f of checkEpisodes(c.header, c.episodes)) {
        if (f.severity === 'error') errors++
        else warnings++
        rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1)
      }
    }
    t.equal(errors, 0, `errors by rule: ${JSON.stringify(Object.fromEntries(rules))}`)
    t.equal(warnings, 0, `warnings by rule: ${JSON.stringify(Object.fromEntries(rules))}`)
    t.ok(a.children.length > 1000 && a.children.length < 2000, `${a.children.length} children`)
  })

  t.test(`seed ${String(a.parameters.seed)}: in care at the end date and admissions a year`, async (t) => {
    const inCare = count(a.children, (c) => isInCareOn(c.episodes, endDate))
    t.ok(Math.abs(inCare - 470) <= 47, `${inCare} in care on ${endDate} (target 470)`)
    // Admissions (5a, short breaks left out) in each collection year of the extract.
    const byYear = new Map<number, number>()
    for (const c of a.children) {
      for (const e of careEvents(c.episodes)) {
        if (e.kind === 'admission' && e.date >= startDate) {
          const y = collectionYearOf(e.date)
          byYear.set(y, (byYear.get(y) ?? 0) + 1)
        }
      }
    }
    t.same([...byYear.keys()].sort(), [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026])
    for (const [year, n] of byYear) t.ok(n >= 80 && n <= 120, `${n} admissions in ${year}`)
  })

  t.test(`seed ${String(a.parameters.seed)}: headers`, async (t) => {
    const ids = new Set(a.children.map((c) => c.header.childId))
    t.equal(ids.size, a.children.length, 'child ids are unique')
    const nhs = a.children.map((c) => c.header.nhsNumber).filter((n): n is string => n !== null)
    t.equal(new Set(nhs).size, nhs.length, 'NHS numbers are unique')
    t.same(
      nhs.filter((n) => checkNhsNumber(n) !== null || !n.startsWith('999')),
      [],
      'NHS numbers are valid, in the test range',
    )
    t.ok(nhs.length > a.children.length * 0.9)
    const upns = a.children.map((c) => c.header.upn).filter((u): u is string => u !== null)
    t.same(
      upns.filter((u) => checkUpn(u) !== null),
      [],
      'UPNs are valid',
    )
    const real = upns.filter((u) => !u.startsWith('UN'))
    t.equal(new Set(real).size, real.length, 'UPNs are unique')
    t.ok(
      real.every((u) => u.slice(1, 4) === '372'),
      "UPNs carry the authority's code",
    )
    for (const c of a.children) {
      const h = c.header
      if (!isValidCode('sex', h.sex, endDate) || !isValidCode('ethnicity', h.ethnicity, endDate)) t.fail(`${h.childId} codes`)
      // DUC: the 18th birthday for UASC who have reached it, else blank (rule 304).
      const expected = h.uasc && turns18(h.dateOfBirth) <= endDate ? turns18(h.dateOfBirth) : null
      if (h.uascCeasedOn !== expected) t.fail(`${h.childId}: UASC ceased ${String(h.uascCeasedOn)}`)
      if (h.upn === 'UN1' && ageOn(h.dateOfBirth, endDate) >= 5) t.fail(`${h.childId}: UN1 for a school-age child`)
    }
    t.ok(count(a.children, (c) => c.header.uasc) > 5, 'some UASC')
  })

  t.test(`seed ${String(a.parameters.seed)}: episode fields and the DfE rules checkEpisodes leaves to the validator`, async (t) => {
    const problems: string[] = []
    const fail = (c: { header: { childId: string } }, what: string): void => {
      if (problems.length < 20) problems.push(`${c.header.childId}: ${what}`)
    }
    for (const c of a.children) {
      const dob = c.header.dateOfBirth
      const at18 = turns18(dob)
      const age = (d: string): number => ageOn(dob, d)
      const t3: string[] = []
      c.episodes.forEach((e, i) => {
        const prev = c.episodes[i - 1]
        const next = c.episodes[i + 1]
        const days = e.endDate === null ? null : daysBetween(e.startDate, e.endDate)
        for (const pc of [e.homePostcode, e.placementPostcode]) if (pc !== null && checkPostcode(pc) !== null) fail(c, `postcode ${pc}`)
        if (e.urn !== null && checkUrn(e.urn) !== null) fail(c, `URN ${e.urn}`)
        // URNs where the placement has one, none where it cannot.
        const needsUrn = /^(K[123]|U[1-6]|A[3-6])$/.test(e.placementType)
        if (needsUrn !== (e.urn !== null)) fail(c, `URN ${String(e.urn)} on ${e.placementType}`)
        if (/^A[3-6]$/.test(e.placementType) && e.urn !== 'XXXXXXX') fail(c, 'adoption URN')
        if ((e.placementType === 'P1') !== (e.placementProvider === 'PR0')) fail(c, 'P1 goes with PR0 (550/530)')
        if (e.placementType === 'P1' && e.placementPostcode !== e.homePostcode) fail(c, 'P1 at home')
        if (e.placementLa !== null && e.placementLa !== undefined && !/^\d{3}$/.test(e.placementLa)) fail(c, 'placement LA')
        const dist = e.placementDistance
        if (dist !== null && dist !== undefined && !(dist >= 0 && dist < 1000 && Math.round(dist * 10) === dist * 10)) fail(c, `distance ${dist}`)
        if (/^(K3|H5|P2)$/.test(e.placementType) && age(e.startDate) < 16) fail(c, `${e.placementType} under 16 (371)`)
        if (e.legalStatus === 'L1' && days !== null && days > 3) fail(c, 'L1 over 72 hours (361)')
        if (e.legalStatus === 'L2' && days !== null && days > 21) fail(c, 'L2 over 21 days (362)')
        if (/^J[123]$/.test(e.legalStatus) && age(e.startDate) < 10) fail(c, 'J under 10 (358)')
        if ((e.placementType === 'A3' || e.placementType === 'A5') && !['S', 'T', 'U'].includes(e.reasonNewEpisode)) fail(c, '217')
        if ((e.placementType === 'A3' || e.placementType === 'A4') && !(prev !== undefined && /^(U[1-6]|A[3-6])$/.test(prev.placementType))) {
          fail(c, '336')
        }
        if (e.placementType === 'T3') {
          t3.push(e.startDate)
          if (t3.filter((d) => d > addDays(e.startDate, -365)).length > 2) fail(c, 'more than two T3 in 12 months (377)')
        }
        if (e.legalStatus === 'V3' && (days === null || days > 17)) fail(c, 'V3 break over 17 days (365)')
        if (e.legalStatus === 'V3' && /^(U[14]|T[0-4])$/.test(e.placementType)) fail(c, '382/384')
        if (e.reasonPlaceChange === 'CUSTOD') fail(c, 'CUSTOD')
        const rec = e.reasonEnded
        if (rec === null || rec === 'X1') return
        if ((rec === 'E45' || rec === 'E46') && !/^U[1-6]$/.test(e.placementType)) fail(c, `${rec} from ${e.placementType} (516)`)
        if (/^E4[15678]$/.test(rec) && (e.endDate as string) >= at18) fail(c, `${rec} at 18 (407)`)
        if ((rec === 'E11' || rec === 'E12') && !/^A[3-6]$/.test(e.placementType)) fail(c, 'adopted without an adoption placement (390)')
        if (rec === 'E17' && (e.endDate as string) < at18) fail(c, 'E17 before 18')
        if (rec === 'E15' && !c.header.uasc) fail(c, 'E15 for a non-UASC child')
        if (next !== undefined && next.startDate <= (e.endDate as string)) fail(c, 'readmitted the day care ended')
      })
      // Nobody is looked after past 18.
      const last = c.episodes[c.episodes.length - 1] as Episode
      if ((last.endDate ?? addDays(endDate, 1)) > at18) fail(c, 'in care after 18')
      // V3 short breaks: at most 75 days in any 12 months (367), and never mixed with other care.
      const breaks = c.episodes.filter((e) => e.legalStatus === 'V3')
      if (breaks.length > 0 && breaks.length !== c.episodes.length) fail(c, 'V3 mixed with other care')
      for (const b of breaks) {
        const from = addDays(b.startDate, -365)
        const total = breaks
          .filter((x) => x.startDate > from && x.startDate <= b.startDate)
          .reduce((n, x) => n + daysBetween(x.startDate, x.endDate as string), 0)
        if (total > 75) fail(c, 'V3 over 75 days in 12 months')
      }
    }
    t.same(problems, [])
  })

  t.test(`seed ${String(a.parameters.seed)}: codes change with the collection years`, async (t) => {
    const episodes = a.children.flatMap((c) => c.episodes)
    t.same(
      episodes.filter((e) => /^(H5|P2|Z1)$/.test(e.placementType) && e.startDate >= '2025-04-01'),
      [],
    )
    t.same(
      episodes.filter((e) => e.placementType === 'K3' && e.startDate < '2024-04-01'),
      [],
    )
    t.same(
      episodes.filter((e) => /^Z1[1-4]$/.test(e.placementType) && e.startDate < '2025-04-01'),
      [],
    )
    // H5 placements open on 28 October 2024 registered as K3 that day: same carers (RNE T, or U
    // with a legal change), same address, and no H5 left open after it.
    const registered = a.children.flatMap((c) =>
      c.episodes.filter((e, i) => {
        const prev = c.episodes[i - 1]
        return e.startDate === '2024-10-28' && prev?.placementType === 'H5' && prev.placementPostcode === e.placementPostcode
      }),
    )
    t.ok(registered.length > 0, `${registered.length} registered as K3`)
    t.same(
      registered.filter((e) => e.placementType !== 'K3' || !['T', 'U'].includes(e.reasonNewEpisode)),
      [],
    )
    t.same(
      episodes.filter((e) => e.placementType === 'H5' && (e.endDate === null || e.endDate > '2024-10-28')),
      [],
    )
    t.ok(count(episodes, (e) => e.placementType === 'H5') > 0)
    t.ok(count(a.children, (c) => /^[MFU]$/.test(c.header.sex)) === a.children.length, 'sex codes of 2025-26')
  })

  t.test(`seed ${String(a.parameters.seed)}: the mix an authority would recognise`, async (t) => {
    const episodes = a.children.flatMap((c) => c.episodes)
    const has = (f: (e: Episode) => boolean, what: string, min = 1): void => {
      const n = count(episodes, f)
      t.ok(n >= min, `${what}: ${n}`)
    }
    for (const rne of ['S', 'P', 'L', 'T', 'B', 'U']) has((e) => e.reasonNewEpisode === rne, `RNE ${rne}`)
    for (const rec of ['E11', 'E12', 'E4A', 'E17', 'E8', 'E5', 'E13', 'E41']) has((e) => e.reasonEnded === rec, `REC ${rec}`)
    has((e) => /^E4[5-8]$/.test(e.reasonEnded ?? ''), 'special guardianship', 20)
    for (const rpc of ['CARPL', 'CREQB', 'CREQO', 'CHILD', 'ALLEG', 'PLACE']) has((e) => e.reasonPlaceChange === rpc, rpc)
    for (const place of ['U1', 'U3', 'U4', 'U5', 'U6', 'K1', 'K2', 'K3', 'P1', 'A5', 'A6', 'T2', 'T3', 'R3']) {
      has((e) => e.placementType === place, `PLACE ${place}`)
    }
    for (const ls of ['V2', 'C1', 'C2', 'E1', 'L1', 'L2', 'J1', 'V3']) has((e) => e.legalStatus === ls, `LS ${ls}`)
    // The return from a temporary placement is RNE P to the placement it interrupted.
    const temporaries = count(episodes, (e) => /^T[0-4]$/.test(e.placementType))
    t.ok(temporaries > 50 && temporaries < episodes.length * 0.08, `${temporaries} temporary placements`)

    // In care at the end date: mostly fostered, ~60% of foster placements in-house.
    const now = a.children
      .filter((c) => isInCareOn(c.episodes, endDate))
      .map((c) => c.episodes.find((e) => e.startDate <= endDate && (e.endDate === null || e.endDate > endDate)) as Episode)
    const fostered = now.filter((e) => /^U[1-6]$/.test(e.placementType))
    t.ok(fostered.length > now.length * 0.6 && fostered.length < now.length * 0.9, `${fostered.length} of ${now.length} fostered`)
    const inHouse = count(fostered, (e) => e.placementProvider === 'PR1')
    t.ok(inHouse > fostered.length * 0.5 && inHouse < fostered.length * 0.8, `${inHouse} of ${fostered.length} in-house`)
    t.ok(count(now, (e) => e.placementType === 'K2') > now.length * 0.04, "some in children's homes")

    // Two periods of care, short breaks, children aged out at 18.
    t.ok(count(a.children, (c) => deriveCareHistory(c.episodes).carePeriods.length > 1 && c.episodes.every((e) => e.legalStatus !== 'V3')) > 50)
    t.ok(count(a.children, (c) => c.episodes.some((e) => e.legalStatus === 'V3')) >= 5, 'short-break children')
    const agedOut = count(a.children, (c) => careEnded(c.episodes) === turns18(c.header.dateOfBirth))
    t.ok(agedOut > 100, `${agedOut} left care on their 18th birthday`)
    // Staying put (E17) is on the 18th birthday.
    const stayingPut = a.children.filter((c) => c.episodes.some((e) => e.reasonEnded === 'E17'))
    t.ok(stayingPut.length > 0)
    for (const c of stayingPut) t.equal(careEnded(c.episodes), turns18(c.header.dateOfBirth))
  })

  t.test(`seed ${String(a.parameters.seed)}: health checks`, async (t) => {
    const children = new Map(a.children.map((c) => [c.header.childId, c]))
    const problems: string[] = []
    const ids = new Set<string>()
    for (const h of a.healthChecks) {
      ids.add(h.recordId)
      const c = children.get(h.childId)
      if (c === undefined) {
        problems.push(`${h.recordId}: unknown child`)
        continue
      }
      if (h.date < c.header.dateOfBirth || h.date > endDate || h.date < startDate) problems.push(`${h.recordId}: date ${h.date}`)
      // Inside a period of care (not a short break): from its start to the day before it ended.
      const period = deriveCareHistory(c.episodes).carePeriods.find(
        (p) => !p.shortBreakOnly && p.startDate <= h.date && (p.endDate === null || h.date < p.endDate),
      )
      if (period === undefined) problems.push(`${h.recordId}: ${h.date} not in care`)
      if ((h.immunisationsUpToDate !== undefined) !== (h.kind === 'immunisations_review')) problems.push(`${h.recordId}: immunisations flag`)
      if (h.kind === 'development_assessment' && ageOn(c.header.dateOfBirth, h.date) >= 5) problems.push(`${h.recordId}: development at 5+`)
      if (problems.length > 20) break
    }
    t.same(problems, [])
    t.equal(ids.size, a.healthChecks.length, 'record ids are unique')
    const kinds = new Set(a.healthChecks.map((h) => h.kind))
    t.same([...kinds].sort(), ['dental_check', 'development_assessment', 'immunisations_review', 'initial_health_assessment', 'review_health_assessment'])
    const outcomes = new Set(a.healthChecks.map((h) => h.outcome))
    t.same([...outcomes].sort(), ['cancelled', 'completed', 'declined', 'did_not_attend'])
    // Initial health assessments: one for most admissions in the extract, most within 20 working days.
    const iha = a.healthChecks.filter((h) => h.kind === 'initial_health_assessment' && h.outcome === 'completed')
    const admissions = a.children.flatMap((c) => careEvents(c.episodes)).filter((e) => e.kind === 'admission' && e.date >= startDate)
    t.ok(iha.length > admissions.length * 0.6 && iha.length < admissions.length, `${iha.length} IHAs for ${admissions.length} admissions`)
  })

  t.test(`seed ${String(a.parameters.seed)}: SDQ returns`, async (t) => {
    const children = new Map(a.children.map((c) => [c.header.childId, c]))
    const problems: string[] = []
    const scores: number[] = []
    for (const s of a.sdqReturns) {
      const c = children.get(s.childId)
      if (c === undefined || s.date > endDate || s.date < startDate) problems.push(`${s.recordId}: child or date`)
      else if (ageOn(c.header.dateOfBirth, s.date) < 4 || ageOn(c.header.dateOfBirth, s.date) > 16) problems.push(`${s.recordId}: age`)
      if (s.reasonCode === null) {
        const parts = [s.emotional, s.conduct, s.hyperactivity, s.peer]
        if (parts.some((p) => p === null || p < 0 || p > 10 || !Number.isInteger(p))) problems.push(`${s.recordId}: subscale`)
        if (s.total !== parts.reduce<number>((a, b) => a + (b ?? 0), 0)) problems.push(`${s.recordId}: subscales do not add up`)
        if (s.prosocial === null || s.prosocial < 0 || s.prosocial > 10) problems.push(`${s.recordId}: prosocial`)
        if (s.total !== null) scores.push(s.total)
      } else if ([s.total, s.emotional, s.conduct, s.hyperactivity, s.peer, s.prosocial].some((x) => x !== null)) {
        problems.push(`${s.recordId}: a reason and a score`)
      } else if (!/^SDQ[1-5]$/.test(s.reasonCode)) problems.push(`${s.recordId}: reason ${s.reasonCode}`)
    }
    t.same(problems.slice(0, 20), [])
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length
    t.ok(mean > 12 && mean < 16, `mean SDQ ${mean.toFixed(1)}`)
    t.ok(scores.length > a.sdqReturns.length * 0.8, 'most returns carry a score')
    t.ok(scores.some((x) => x >= 17) && scores.some((x) => x <= 13), 'all bands')
  })

  t.test(`seed ${String(a.parameters.seed)}: care leavers`, async (t) => {
    const children = new Map(a.children.map((c) => [c.header.childId, c]))
    const problems: string[] = []
    for (const cl of a.careLeavers) {
      const c = children.get(cl.childId)
      if (c === undefined) {
        problems.push(`${cl.childId}: unknown child`)
        continue
      }
      const inCare = isInCareOn(c.episodes, endDate)
      if ((cl.eligibility === 'eligible') !== inCare) problems.push(`${cl.childId}: eligible iff still in care`)
      const ended = careEnded(c.episodes)
      for (const contact of cl.contacts) {
        if (ended === null || contact.date <= ended || contact.date > endDate) problems.push(`${cl.childId}: contact ${contact.date}`)
        const known = contact.inTouch === 'YES'
        if (known !== (contact.activity !== null) || known !== (contact.accommodation !== null)) problems.push(`${cl.childId}: 344/345`)
        if (contact.accommodation !== null) {
          const code = `${contact.accommodation.type}${contact.accommodation.suitability}`
          if (!isValidCode('accommodation', code, contact.date)) problems.push(`${cl.childId}: ACCOM ${code}`)
          const age = ageOn(c.header.dateOfBirth, contact.date)
          if (age < 18 && /^[ZT]/.test(code)) problems.push(`${cl.childId}: ${code} at 17 (3001/347)`)
        }
        if (contact.activity !== null && !isValidCode('activity', contact.activity, contact.date)) problems.push(`${cl.childId}: ACTIV`)
      }
      const dates = cl.contacts.map((x) => x.date)
      if (dates.join() !== [...dates].sort().join() || new Set(dates).size !== dates.length) problems.push(`${cl.childId}: contact order`)
      for (const plan of cl.pathwayPlans) {
        if (plan.date > endDate || plan.reviews.some((r) => r <= plan.date || r > endDate)) problems.push(`${cl.childId}: plan dates`)
      }
      if (cl.personalAdviser !== null && cl.personalAdviser.allocatedOn > endDate) problems.push(`${cl.childId}: adviser`)
      if (cl.eligibility !== 'qualifying' && ageOn(c.header.dateOfBirth, endDate) < 16) problems.push(`${cl.childId}: under 16`)
    }
    t.same(problems.slice(0, 20), [])
    for (const e of ['eligible', 'relevant', 'former_relevant', 'qualifying'] as const) {
      t.ok(count(a.careLeavers, (cl) => cl.eligibility === e) > 0, `some ${e}`)
    }
    const contacts = a.careLeavers.flatMap((cl) => cl.contacts)
    const inTouch = count(contacts, (x) => x.inTouch === 'YES')
    t.ok(inTouch > contacts.length * 0.75 && inTouch < contacts.length * 0.95, `${inTouch} of ${contacts.length} in touch`)
    t.ok(count(a.careLeavers, (cl) => cl.pathwayPlans.length > 0) > a.careLeavers.length * 0.8, 'most have a pathway plan')
  })
}

t.test('education records and missing episodes: inside care, at plausible rates (5c)', async (t) => {
  for (const a of authorities) {
    const children = new Map(a.children.map((c) => [c.header.childId, c]))
    const inCare = (childId: string, day: string) => isInCareOn(children.get(childId)?.episodes ?? [], day)
    const outside = [
      ...a.peps.map((p) => [p.childId, p.date]),
      ...a.exclusions.map((x) => [x.childId, x.startDate]),
      ...a.missingEpisodes.map((m) => [m.childId, m.start]),
    ].filter(([id, day]) => !inCare(id as string, day as string) || (day as string) > a.parameters.endDate)
    t.same(outside.slice(0, 5), [], 'dated inside a period of care, never after the end date')
    // Attendance in the last full academic year (2024/25).
    const year = a.attendance.filter((r) => r.academicYear === 2024)
    const byChild = new Map<string, [number, number]>()
    for (const r of year) {
      const v = byChild.get(r.childId) ?? [0, 0]
      byChild.set(r.childId, [v[0] + r.possibleSessions, v[1] + r.attendedSessions])
    }
    const [possible, attended] = [...byChild.values()].reduce((s, v) => [s[0] + v[0], s[1] + v[1]], [0, 0])
    t.ok(attended / possible > 0.88 && attended / possible < 0.96, `attendance ${((attended * 100) / possible).toFixed(1)}%`)
    const absent = [...byChild.values()].filter(([pos, att]) => att * 10 < pos * 9).length / byChild.size
    t.ok(absent > 0.1 && absent < 0.25, `persistent absence ${(absent * 100).toFixed(1)}%`)
    t.ok(a.attendance.every((r) => r.attendedSessions + r.authorisedAbsences + r.unauthorisedAbsences === r.possibleSessions && r.possibleSessions <= 400))
    t.ok(a.exclusions.every((x) => (x.kind === 'suspension') === (x.days !== null && x.days >= 0.5 && x.days <= 5)))
    t.ok(a.attainment.length > 100 && a.missingEpisodes.length > 500, `${a.attainment.length} results, ${a.missingEpisodes.length} missing episodes`)
  }
})

t.test('the same seed gives the same authority; another seed a different one', async (t) => {
  const options = { la: '372', seed: 'abc', scale: 0.25 }
  const one = generateAuthority(options)
  t.same(generateAuthority(options), one)
  const other = generateAuthority({ ...options, seed: 'abd' })
  t.not(JSON.stringify(other.children), JSON.stringify(one.children))
  t.not(generateAuthority({ ...options, la: '373' }).children[0]?.header.upn, one.children[0]?.header.upn)
})

t.test('scale multiplies the size', async (t) => {
  const a = generateAuthority({ la: '372', seed: 5, scale: 0.5 })
  t.equal(a.parameters.targetInCare, 235)
  t.equal(a.parameters.admissionsPerYear, 50)
  const inCare = count(a.children, (c) => isInCareOn(c.episodes, a.parameters.endDate))
  t.ok(Math.abs(inCare - 235) <= 24, `${inCare} in care`)
  const admissions = a.children.flatMap((c) => careEvents(c.episodes)).filter((e) => e.kind === 'admission' && e.date >= a.parameters.startDate).length
  t.ok(admissions >= 400 && admissions <= 600, `${admissions} admissions in 10 years`)
})

t.test('another end date, years and targets: the codes of that time, still no findings', async (t) => {
  const a = generateAuthority({ la: '931', seed: 9, endDate: '2024-03-31', years: 5, targetInCare: 300, admissionsPerYear: 120 })
  t.equal(a.parameters.startDate, '2019-04-01')
  t.same(
    a.children.filter((c) => checkEpisodes(c.header, c.episodes).length > 0).map((c) => c.header.childId),
    [],
  )
  t.ok(
    a.children.every((c) => /^[12]$/.test(c.header.sex)),
    'sex 1/2 before 2024-25',
  )
  const episodes = a.children.flatMap((c) => c.episodes)
  t.equal(
    count(episodes, (e) => e.placementType === 'K3'),
    0,
    'no K3 before 2024-25',
  )
  t.ok(episodes.every((e) => e.startDate <= '2024-03-31' && (e.endDate === null || e.endDate <= '2024-03-31')))
  const inCare = count(a.children, (c) => isInCareOn(c.episodes, '2024-03-31'))
  t.ok(Math.abs(inCare - 300) <= 30, `${inCare} in care`)
  t.ok(a.healthChecks.every((h) => h.date >= '2019-04-01' && h.date <= '2024-03-31'))
})

t.test('options are checked', async (t) => {
  t.throws(() => generateAuthority({ la: 'ABC', seed: 1 }), RangeError)
  t.throws(() => generateAuthority({ la: '372', seed: 1, endDate: '2026-02-30' }), RangeError)
  t.throws(() => generateAuthority({ la: '372', seed: 1, scale: 0 }), RangeError)
  t.throws(() => generateAuthority({ la: '372', seed: 1, years: -1 }), RangeError)
  t.throws(() => generateAuthority({ la: '372', seed: 1, targetInCare: Number.NaN }), RangeError)
})

t.test('benchmark size (scale 3.5): about 5,000 children and 25,000-30,000 episodes, no findings', async (t) => {
  const started = performance.now()
  const a = generateAuthority({ la: '372', seed: 'bench', scale: 3.5 })
  t.comment(`generated in ${Math.round(performance.now() - started)} ms`)
  const episodes = a.children.reduce((n, c) => n + c.episodes.length, 0)
  t.ok(a.children.length > 4500 && a.children.length < 5500, `${a.children.length} children`)
  t.ok(episodes > 25_000 && episodes < 31_000, `${episodes} episodes`)
  t.equal(a.children.filter((c) => checkEpisodes(c.header, c.episodes).length > 0).length, 0)
  const inCare = count(a.children, (c) => isInCareOn(c.episodes, a.parameters.endDate))
  t.ok(Math.abs(inCare - 1645) <= 165, `${inCare} in care`)
})
