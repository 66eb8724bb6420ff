/**
 * A generated authority in the shapes the API takes: the snapshot's children with their episodes,
 * and the partner records as the partner endpoints (and the snapshot's lists) accept them.
 */
import { academicYearLabel } from '../../../src/domain/education/school-year.ts'
import type { DemoAuthority, DemoMissingEpisode } from './types.ts'

export function demoApiRecords(demo: DemoAuthority) {
  const leavers = demo.careLeavers
  const missing = new Map<string, DemoMissingEpisode[]>()
  for (const m of demo.missingEpisodes) missing.set(m.childId, [...(missing.get(m.childId) ?? []), m])
  return {
    children: demo.children.map((c) => ({
      ...c.header,
      episodes: c.episodes,
      // The 903 Missing table's rows, in the snapshot with the child.
      ...(missing.has(c.header.childId)
        ? { missingEpisodes: (missing.get(c.header.childId) ?? []).map((m) => ({ missingType: m.type, startDate: m.start, endDate: m.end })) }
        : {}),
    })),
    healthChecks: demo.healthChecks,
    sdqReturns: demo.sdqReturns,
    careLeavers: leavers.map((c) => ({ childId: c.childId, eligibility: c.eligibility })),
    personalAdvisers: leavers.flatMap((c) =>
      c.personalAdviser
        ? [{ recordId: `${demo.la}-PA-${c.childId}`, childId: c.childId, name: c.personalAdviser.name ?? null, allocatedOn: c.personalAdviser.allocatedOn }]
        : [],
    ),
    pathwayPlans: leavers.flatMap((c) => c.pathwayPlans.map((p) => ({ recordId: p.recordId, childId: c.childId, planDate: p.date, reviews: p.reviews }))),
    careLeaverContacts: leavers.flatMap((c) =>
      c.contacts.map((k) => ({
        recordId: k.recordId,
        childId: c.childId,
        date: k.date,
        inTouch: k.inTouch,
        ...(k.activity ? { activity: k.activity } : {}),
        ...(k.accommodation ? { accommodation: `${k.accommodation.type}${k.accommodation.suitability}` } : {}),
      })),
    ),
  }
}

/** The virtual school's returns in the shapes its endpoints take (not part of the snapshot). */
export function demoEducationRecords(demo: DemoAuthority) {
  const year = (r: { academicYear: number }) => academicYearLabel(r.academicYear)
  return {
    peps: demo.peps,
    attendance: demo.attendance.map((a) => ({ ...a, academicYear: year(a) })),
    exclusions: demo.exclusions.map(({ days, ...x }) => ({ ...x, ...(days === null ? {} : { days }) })),
    attainment: demo.attainment.map((r) => {
      const base = { recordId: r.recordId, childId: r.childId, academicYear: year(r), keyStage: r.keyStage }
      if (r.keyStage === 'eyfs') return { ...base, goodLevelOfDevelopment: r.goodLevelOfDevelopment }
      if (r.keyStage === 'ks2') return { ...base, readingExpected: r.reading, writingExpected: r.writing, mathsExpected: r.maths }
      return { ...base, attainment8: r.attainment8, englishMathsGrade4: r.englishMathsGrade4 }
    }),
  }
}
