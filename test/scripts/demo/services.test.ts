import t from 'tap'
import { checkAdvocacyIssue, checkAdvocacyReferral } from '../../../src/domain/advocacy/referrals.ts'
import { checkCamhsReferral } from '../../../src/domain/camhs/referrals.ts'
import { isInCareOn } from '../../../src/domain/care-history/index.ts'
import { addDays, addMonths, daysBetween } from '../../../src/domain/dates/calendar.ts'
import { checkReturnInterview, offeredWithin72Hours } from '../../../src/domain/missing/interviews.ts'
import { generateAuthority } from '../../../scripts/demo/generator/index.ts'

// The demo's CAMHS, advocacy and return home interview records (issue #19): each passes the rules the
// endpoints apply, is dated in care, and the rates are about those asked for, over the extract's last year.
const authorities = [1, 2].map((seed) => generateAuthority({ la: '372', seed }))
const errors = (issues: ReadonlyArray<{ severity: string }>) => issues.filter((i) => i.severity === 'error')
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2
}

for (const a of authorities) {
  const { endDate } = a.parameters
  const from = addDays(addMonths(endDate, -12), 1)
  const children = new Map(a.children.map((c) => [c.header.childId, c]))
  const dob = (id: string) => children.get(id)?.header.dateOfBirth ?? '9999-12-31'
  const inCare = (id: string, day: string) => isInCareOn(children.get(id)?.episodes ?? [], day)
  const inYear = (day: string | null) => day !== null && day >= from && day <= endDate
  const cared = [...children.values()].filter((c) => c.episodes.some((e) => e.startDate <= endDate && (e.endDate === null || e.endDate > from)))

  t.test(`seed ${String(a.parameters.seed)}: every record passes the endpoints' rules and is dated in care`, async (t) => {
    t.same(a.camhsReferrals.filter((r) => errors(checkCamhsReferral(r, dob(r.childId), endDate)).length > 0).slice(0, 3), [])
    t.same(a.advocacyReferrals.filter((r) => errors(checkAdvocacyReferral(r, dob(r.childId), endDate)).length > 0).slice(0, 3), [])
    const referrals = new Map(a.advocacyReferrals.map((r) => [r.recordId, r]))
    t.same(
      a.advocacyIssues
        .filter((i) => errors(checkAdvocacyIssue(i, i.childId, referrals.get(i.referralRecordId) ?? null, dob(i.childId), endDate)).length > 0)
        .slice(0, 3),
      [],
    )
    t.same(a.returnInterviews.filter((r) => errors(checkReturnInterview(r, dob(r.childId), endDate)).length > 0).slice(0, 3), [])
    t.same([...a.camhsReferrals, ...a.advocacyReferrals].filter((r) => !inCare(r.childId, r.referredOn)).slice(0, 3), [], 'referred while in care')
    const episodes = new Set(a.missingEpisodes.filter((m) => m.type === 'M').map((m) => `${m.childId}|${m.start}`))
    t.same(a.returnInterviews.filter((r) => !episodes.has(`${r.childId}|${r.missingStart}`)).slice(0, 3), [], 'each interview has its M episode')
    t.equal(new Set(a.returnInterviews.map((r) => `${r.childId}|${r.missingStart}`)).size, a.returnInterviews.length, 'one interview an episode')
  })

  t.test(`seed ${String(a.parameters.seed)}: the rates over the last year`, async (t) => {
    const referred = new Set(a.camhsReferrals.filter((r) => inYear(r.referredOn)).map((r) => r.childId))
    const camhs = referred.size / cared.length
    t.ok(camhs > 0.18 && camhs < 0.32, `CAMHS referrals: ${(camhs * 100).toFixed(1)}% of the children in care`)
    const decided = a.camhsReferrals.filter((r) => r.decision !== null)
    const accepted = decided.filter((r) => r.decision === 'accepted').length / decided.length
    t.ok(accepted > 0.72 && accepted < 0.88, `accepted ${(accepted * 100).toFixed(1)}%`)
    const waits = a.camhsReferrals.flatMap((r) => (r.firstAppointmentOn ? [daysBetween(r.referredOn, r.firstAppointmentOn)] : []))
    t.ok(median(waits) >= 24 && median(waits) <= 38, `median wait ${median(waits)} days`)
    const advocated = new Set(a.advocacyReferrals.filter((r) => inYear(r.referredOn)).map((r) => r.childId)).size / cared.length
    t.ok(advocated > 0.1 && advocated < 0.2, `advocacy referrals: ${(advocated * 100).toFixed(1)}%`)
    const resolved = a.advocacyIssues.filter((i) => i.resolvedOn !== null).length / a.advocacyIssues.length
    t.ok(resolved > 0.7, `issues resolved ${(resolved * 100).toFixed(1)}%`)
    const ended = a.missingEpisodes.filter((m) => m.type === 'M' && inYear(m.end))
    const interviews = new Map(a.returnInterviews.map((r) => [`${r.childId}|${r.missingStart}`, r]))
    const within =
      ended.filter((m) => offeredWithin72Hours(m.end as string, interviews.get(`${m.childId}|${m.start}`)?.offeredOn ?? null)).length / ended.length
    t.ok(within > 0.8 && within < 0.97, `offered within 72 hours ${(within * 100).toFixed(1)}% of ${ended.length}`)
    const offered = a.returnInterviews.filter((r) => r.offeredOn !== null)
    const took = offered.filter((r) => r.response === 'accepted').length / offered.length
    t.ok(took > 0.78 && took < 0.92, `accepted ${(took * 100).toFixed(1)}%`)
  })
}
