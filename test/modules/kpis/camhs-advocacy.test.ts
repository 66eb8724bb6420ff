import t from 'tap'
import { countedIds, ep, kpiTestApp } from './fixtures.ts'

/** CAMHS and advocacy KPIs (5c) at D = 31 March 2025, on hand-built histories. */
const h = await kpiTestApp(t)
const la = await h.la('825')
const D = 'asAt=2025-03-31'

let record = 0
const referral = (childId: string, referredOn: string, decision: string | null, firstAppointmentOn: string | null = null, dischargedOn: string | null = null) =>
  h.insert('camhs_referrals', [
    {
      la,
      record_id: `C${++record}`,
      child_id: childId,
      referred_on: referredOn,
      decision,
      first_appointment_on: firstAppointmentOn,
      discharged_on: dischargedOn,
    },
  ])

await h.child(la, 'C1', '2010-01-01', [ep('2020-01-01', null)])
await referral('C1', '2025-01-01', 'accepted', '2025-01-29') // 28 days: within 28
await referral('C1', '2024-12-01', 'accepted', '2025-01-15') // 45 days
await referral('C1', '2025-03-01', 'accepted') // waiting
await referral('C1', '2025-02-01', 'accepted', '2025-04-10') // seen after D: waiting at D
await referral('C1', '2024-10-01', 'accepted', null, '2024-11-01') // closed unseen: not waiting
await referral('C1', '2025-02-10', 'declined')
await referral('C1', '2025-02-11', null) // awaiting a decision
await h.child(la, 'C2', '2010-01-01', [ep('2020-01-01', null)])
await referral('C2', '2024-03-01', 'accepted', '2024-04-01') // referred before the 12 months, seen in them: 31 days
await referral('C2', '2025-01-01', 'accepted', '2025-01-30') // 29 days
// Out of care before D: none of its referrals count.
await h.child(la, 'C3', '2010-01-01', [ep('2020-01-01', '2025-03-01', { reasonEnded: 'E4A' })])
await referral('C3', '2025-01-01', 'accepted', '2025-01-02')

// Advocacy.
await h.child(la, 'A1', '2010-01-01', [ep('2020-01-01', null)])
await h.child(la, 'A2', '2010-01-01', [ep('2020-01-01', null)])
// Left care on the window's first day (1 April 2024): out of the uptake cohort.
await h.child(la, 'A3', '2010-01-01', [ep('2020-01-01', '2024-04-01', { reasonEnded: 'E4A' })])
await h.child(la, 'A4', '2010-01-01', [ep('2020-01-01', null)])
const advocacy = (recordId: string, childId: string, referredOn: string) =>
  h.insert('advocacy_referrals', [{ la, record_id: recordId, child_id: childId, referred_on: referredOn }])
const issue = (referral: string, childId: string, raisedOn: string, resolvedOn: string | null) =>
  h.insert('advocacy_issues', [
    { la, record_id: `I${++record}`, child_id: childId, referral_record_id: referral, raised_on: raisedOn, resolved_on: resolvedOn },
  ])
await advocacy('R1', 'A1', '2024-05-01')
await issue('R1', 'A1', '2024-05-01', '2024-05-11') // 10 days
await issue('R1', 'A1', '2024-06-01', '2024-06-21') // 20 days
await issue('R1', 'A1', '2025-03-01', '2025-04-05') // resolved after D: open at D
await advocacy('R3', 'A3', '2024-04-15')
await issue('R3', 'A3', '2024-04-15', '2024-04-18') // 3 days; out of care, still an issue raised
await advocacy('R4', 'A4', '2024-03-31') // D minus 12 months: not in the 12 months
await issue('R4', 'A4', '2024-03-31', '2024-04-02')

t.test('CAMHS: waiting at D, referrals and declined, days to first appointment', async (t) => {
  t.match(await h.kpi(la, 'camhs-waiting', D), { value: 2 })
  t.same(
    (await h.cohort(la, 'camhs-waiting', D)).items.map((i) => i.facts.referredOn),
    ['2025-02-01', '2025-03-01'],
  )
  t.match(await h.kpi(la, 'camhs-referrals', D), { value: 8 })
  t.match(await h.kpi(la, 'camhs-declined', D), { numerator: 1, denominator: 8, value: 12.5 })
  // 28, 29, 31 and 45 days: the median of an even count is the mean of the middle two.
  t.match(await h.kpi(la, 'camhs-days-to-first-appointment', D), { value: 30, numerator: null, denominator: 4 })
  t.match(await h.kpi(la, 'camhs-seen-within-28-days', D), { numerator: 1, denominator: 4, value: 25 })
  // On 28 January 2025 (C3 still in care, seen the day after referral): 1, 31 and 45 days, an odd count.
  t.match(await h.kpi(la, 'camhs-days-to-first-appointment', 'asAt=2025-01-28'), { value: 31, denominator: 3 })
})

t.test('a median is withheld, with its count, for a client that must not see counts of 1 to 4', async (t) => {
  const key = await h.key(['kpi:read'], ['*'], { suppressSmallNumbers: true })
  t.match(await h.kpi(la, 'camhs-days-to-first-appointment', D, key), { value: null, denominator: null, suppressed: true })
})

t.test('advocacy: uptake of children in care on a day of the 12 months; issues raised, resolved, days', async (t) => {
  const uptake = await h.cohort(la, 'advocacy-uptake', D)
  t.notOk(
    uptake.items.some((i) => i.childId === 'A3'),
    'left care on the first day of the window',
  )
  t.same(
    countedIds(uptake).filter((c) => c.startsWith('A')),
    ['A1'],
  )
  t.match(await h.kpi(la, 'advocacy-issues-raised', D), { value: 4 })
  t.match(await h.kpi(la, 'advocacy-issues-resolved', D), { numerator: 3, denominator: 4, value: 75 })
  t.match(await h.kpi(la, 'advocacy-days-to-resolve', D), { value: 10, denominator: 3 })
  // After 5 April 2025 the open issue is resolved (35 days): 3, 10, 20, 35.
  t.match(await h.kpi(la, 'advocacy-days-to-resolve', 'asAt=2025-04-05'), { value: 15, denominator: 4 })
})

t.test('CAMHS and advocacy KPIs are on the scorecard', async (t) => {
  const card = await h.call(h.reader, { method: 'GET', url: `/v1/authorities/${la}/scorecard?${D}` })
  const ids = card.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)
  for (const kpi of ['camhs-waiting', 'camhs-days-to-first-appointment', 'advocacy-uptake', 'advocacy-issues-resolved']) t.ok(ids.includes(kpi), kpi)
})
