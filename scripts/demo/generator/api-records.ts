/**
 * A generated authority in the shapes the API takes: the snapshot's children with their episodes,
 * and the partner records as the partner endpoints (and the snapshot's lists) accept them.
 */
import type { DemoAuthority } from './types.ts'

export function demoApiRecords(demo: DemoAuthority) {
  const leavers = demo.careLeavers
  return {
    children: demo.children.map((c) => ({ ...c.header, episodes: c.episodes })),
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
