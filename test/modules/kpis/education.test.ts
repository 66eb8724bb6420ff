import t from 'tap'
import { countedIds, ep, kpiTestApp } from './fixtures.ts'

/** Education KPIs (5c) at D = 31 March 2025 (the last day of the spring term), on hand-built histories. */
const h = await kpiTestApp(t)
const la = await h.la('823')
const D = 'asAt=2025-03-31'
const SINCE = '2023-01-01' // in care since: the health cohort at D and at 31 March 2024

let record = 0
const id = () => `E${++record}`
const pep = (childId: string, date: string, status = 'completed') => h.insert('education_peps', [{ la, record_id: id(), child_id: childId, date, status }])
const attendance = (childId: string, academicYear: number, term: string, possible: number, attended: number) =>
  h.insert('education_attendance', [
    { la, record_id: id(), child_id: childId, academic_year: academicYear, term, possible_sessions: possible, attended_sessions: attended },
  ])
const exclusion = (childId: string, kind: string, startDate: string, days: number | null) =>
  h.insert('education_exclusions', [{ la, record_id: id(), child_id: childId, kind, start_date: startDate, days }])
const result = (childId: string, academicYear: number, stage: string, fields: Record<string, unknown>, updatedAt = '2025-01-01T00:00:00Z') =>
  h.insert('education_attainment', [
    { la, record_id: id(), child_id: childId, academic_year: academicYear, key_stage: stage, updated_at: updatedAt, ...fields },
  ])

// Year 6 in 2024/25. A PEP this term; attendance exactly 90% (not persistently absent: below 90% is strict).
await h.child(la, 'P1', '2014-06-01', [ep(SINCE, null)])
await pep('P1', '2025-01-10')
await attendance('P1', 2024, 'autumn', 100, 90)
await attendance('P1', 2023, 'spring', 100, 10) // ends 31 March 2024 = D minus 12 months: not in the 12 months
await attendance('P1', 2024, 'summer', 100, 0) // ends 31 August 2025, after D
await exclusion('P1', 'suspension', '2025-01-15', 2.5)
await exclusion('P1', 'suspension', '2024-03-31', 3) // D minus 12 months: not in the 12 months
// A completed PEP last term and a draft this term: no PEP this term. 89%: persistently absent.
await h.child(la, 'P2', '2014-06-01', [ep(SINCE, null)])
await pep('P2', '2024-12-31')
await pep('P2', '2025-02-01', 'draft')
await attendance('P2', 2024, 'autumn', 100, 89)
await exclusion('P2', 'suspension', '2024-04-01', 1)
await exclusion('P2', 'permanent_exclusion', '2025-02-01', null)
// Turned 4 on 31 August 2024: Reception in 2024/25, so of school age (not Years 1-11: no attendance cohort).
// Its PEP on D counts at D, and not the next day (a new term).
await h.child(la, 'P3', '2020-08-31', [ep(SINCE, null)])
await pep('P3', '2025-03-31')
// Turned 4 on 1 September 2024: not yet Reception.
await h.child(la, 'P4', '2020-09-01', [ep(SINCE, null)])
await pep('P4', '2025-02-01')
await exclusion('P4', 'suspension', '2025-01-01', 1)
// Possible sessions adding up to 0: in neither attendance count. No records at all: in the cohort only.
await h.child(la, 'P5', '2012-01-01', [ep(SINCE, null)])
await attendance('P5', 2024, 'autumn', 0, 0)
await h.child(la, 'P6', '2012-01-01', [ep(SINCE, null)])

// New entrants admitted Friday 20 December 2024: the 20th working day is Wednesday 22 January 2025.
await h.child(la, 'N1', '2014-01-01', [ep('2024-12-20', null)])
await pep('N1', '2025-01-22')
await h.child(la, 'N2', '2014-01-01', [ep('2024-12-20', null)])
await pep('N2', '2025-01-23')
// Admitted 10 March 2025: due 7 April, after D (not yet due, and not 20 working days in care for this term's PEP).
await h.child(la, 'N3', '2014-01-01', [ep('2025-03-10', null)])
await pep('N3', '2025-03-12')
// Aged 3 on the admission day's academic year: not school age.
await h.child(la, 'N4', '2021-01-01', [ep('2024-12-20', null)])

// Attainment for 2023/24 (its 31 August is in the 12 months to D): the health cohort at 31 March 2024.
await h.child(la, 'A1', '2012-09-01', [ep(SINCE, null)])
await result('A1', 2023, 'ks2', { reading_expected: false, writing_expected: true, maths_expected: true }, '2024-07-01T00:00:00Z')
await result('A1', 2023, 'ks2', { reading_expected: true, writing_expected: true, maths_expected: true }, '2024-09-01T00:00:00Z') // the latest
await h.child(la, 'A2', '2012-09-01', [ep(SINCE, null)])
await result('A2', 2023, 'ks2', { reading_expected: true, writing_expected: false, maths_expected: true })
await h.child(la, 'A3', '2013-09-01', [ep(SINCE, null)])
await result('A3', 2024, 'ks2', { reading_expected: true, writing_expected: true, maths_expected: true }) // 2024/25: not yet
// In care since 1 April 2023: under 12 months at 31 March 2024.
await h.child(la, 'A4', '2012-09-01', [ep('2023-04-01', null)])
await result('A4', 2023, 'ks2', { reading_expected: true, writing_expected: true, maths_expected: true })
await h.child(la, 'K1', '2008-01-01', [ep(SINCE, null)])
await result('K1', 2023, 'ks4', { attainment8: 40.5, english_maths_grade4: true })
await h.child(la, 'K2', '2008-01-01', [ep(SINCE, null)])
await result('K2', 2023, 'ks4', { attainment8: 30, english_maths_grade4: false })
await h.child(la, 'G1', '2018-09-01', [ep(SINCE, null)])
await result('G1', 2023, 'eyfs', { good_level_of_development: true })
await h.child(la, 'G2', '2018-09-01', [ep(SINCE, null)])
await result('G2', 2023, 'eyfs', { good_level_of_development: false })

t.test('PEP this term: school age on D, 20 working days in care, a completed PEP from the term start', async (t) => {
  const k = await h.kpi(la, 'pep-this-term', D)
  const members = (await h.cohort(la, 'pep-this-term', D)).items.map((i) => i.childId)
  t.notOk(members.includes('P4'), 'not yet Reception')
  t.notOk(members.includes('N3'), 'not 20 working days in care')
  t.ok(members.includes('P3'), 'Reception: turned 4 on 31 August')
  t.same(countedIds(await h.cohort(la, 'pep-this-term', D)), ['N1', 'N2', 'P1', 'P3'])
  t.match(k, { numerator: 4, denominator: members.length })
  // The next day is the summer term: P3's PEP on 31 March no longer counts.
  t.same(countedIds(await h.cohort(la, 'pep-this-term', 'asAt=2025-04-01')), [])
})

t.test('PEP on time for new entrants: the 20th working day, day 0; later deadlines not yet due', async (t) => {
  const k = await h.kpi(la, 'pep-new-entrants-on-time', D)
  t.match(k, { numerator: 1, denominator: 2, cohortSize: 3, value: 50, details: { notYetDue: 1 } })
  t.same(countedIds(await h.cohort(la, 'pep-new-entrants-on-time', D)), ['N1'])
})

t.test('attendance and persistent absence over the terms ending in the 12 months', async (t) => {
  t.match(await h.kpi(la, 'school-attendance', D), { numerator: 179, denominator: 200, value: 89.5 })
  const pa = await h.kpi(la, 'persistent-absence', D)
  t.match(pa, { numerator: 1, denominator: 2, value: 50 })
  t.same(countedIds(await h.cohort(la, 'persistent-absence', D)), ['P2'])
})

t.test('suspensions and permanent exclusions starting in the 12 months, of the school-age health cohort', async (t) => {
  const cohort = (await h.cohort(la, 'suspended-children', D)).items.map((i) => i.childId)
  t.notOk(cohort.includes('P4'), 'not of school age')
  t.same(countedIds(await h.cohort(la, 'suspended-children', D)), ['P1', 'P2'])
  t.match(await h.kpi(la, 'suspended-children', D), { numerator: 2, denominator: cohort.length })
  t.match(await h.kpi(la, 'suspensions', D), { value: 2, numerator: 2, cohortSize: cohort.length })
  t.match(await h.kpi(la, 'suspension-days-lost', D), { value: 3.5 })
  t.match(await h.kpi(la, 'permanent-exclusions', D), { value: 1 })
  // A day later P2's suspension of 1 April 2024 is out; a day earlier P1's of 31 March 2024 is in.
  t.match(await h.kpi(la, 'suspensions', 'asAt=2025-04-01'), { value: 1 })
  t.match(await h.kpi(la, 'suspension-days-lost', 'asAt=2025-04-01'), { value: 2.5 })
  t.match(await h.kpi(la, 'suspensions', 'asAt=2025-03-30'), { value: 3 })
  t.match(await h.kpi(la, 'suspension-days-lost', 'asAt=2025-03-30'), { value: 6.5 })
})

t.test('attainment: the academic year ending in the 12 months, the health cohort at its 31 March', async (t) => {
  t.match(await h.kpi(la, 'ks2-rwm-expected', D), { numerator: 1, denominator: 2, value: 50 })
  t.same(countedIds(await h.cohort(la, 'ks2-rwm-expected', D)), ['A1'])
  t.match(await h.kpi(la, 'ks4-attainment8', D), { numerator: 70.5, denominator: 2, value: 35.3 })
  t.match(await h.kpi(la, 'ks4-english-maths-4', D), { numerator: 1, denominator: 2 })
  t.match(await h.kpi(la, 'eyfs-good-level-of-development', D), { numerator: 1, denominator: 2 })
  // On 31 August 2025 the year is 2024/25: A3's result.
  t.same(countedIds(await h.cohort(la, 'ks2-rwm-expected', 'asAt=2025-08-31')), ['A3'])
})

t.test('breakdowns, series and the scorecard carry the education KPIs', async (t) => {
  const k = await h.kpi(la, 'persistent-absence', `${D}&breakdown=sex`)
  t.equal(k.breakdown?.rows.length, 1)
  const series = await h.call(h.reader, { method: 'GET', url: `/v1/authorities/${la}/kpis/suspensions/series?from=2024-10-01&to=2025-03-31&interval=quarter` })
  t.equal(series.statusCode, 200)
  t.same(
    series.json<{ items: Array<{ value: number }> }>().items.map((i) => i.value),
    [2, 2],
  )
  const card = await h.call(h.reader, { method: 'GET', url: `/v1/authorities/${la}/scorecard?${D}` })
  t.equal(card.statusCode, 200)
  const ids = card.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)
  for (const kpi of ['pep-this-term', 'school-attendance', 'suspensions', 'ks4-attainment8']) t.ok(ids.includes(kpi), `${kpi} on the scorecard`)
})
