import t from 'tap'
import { countedIds, ep, kpiTestApp } from './fixtures.ts'

/** SDQ and care-leaver KPIs at D = 31 March 2025 (5b), counted by hand. */
const h = await kpiTestApp(t)
const D = 'asAt=2025-03-31'
let record = 0
const id = () => `R${++record}`

t.test('SDQ: the carer scores of children aged 4-16 in care 12 months or more', async (t) => {
  const la = await h.la('831')
  const sdq = (childId: string, date: string, total: number | null, informant = 'carer') => ({
    la,
    record_id: id(),
    child_id: childId,
    date,
    informant,
    total,
    reason_code: total === null ? 'SDQ2' : null,
  })
  await h.child(la, 'Q1', '2012-01-01', [ep('2022-01-01', null)])
  await h.child(la, 'Q2', '2015-06-01', [ep('2023-01-01', null)])
  await h.child(la, 'Q3', '2021-03-31', [ep('2022-06-01', null)]) // turns 4 on D: in
  await h.child(la, 'Q4', '2008-03-31', [ep('2020-01-01', null)]) // turns 17 on D: out
  await h.child(la, 'Q5', '2008-04-01', [ep('2020-01-01', null)])
  await h.child(la, 'Q6', '2013-01-01', [ep('2024-06-01', null)]) // in care under 12 months: out
  await h.child(la, 'Q7', '2012-01-01', [ep('2022-01-01', '2024-10-01', { reasonEnded: 'E4A' })]) // out of care on D
  await h.insert('sdq_returns', [
    sdq('Q1', '2024-06-01', 12),
    sdq('Q1', '2025-01-10', 18),
    sdq('Q1', '2025-03-01', 5, 'teacher'), // a teacher's questionnaire is not the 903 SDQ
    sdq('Q2', '2024-03-31', 20), // exactly 12 months before D: not in the 12 months
    sdq('Q2', '2024-10-01', null), // a reason for no score is not a score
    sdq('Q3', '2025-03-31', 15),
    sdq('Q3', '2025-03-31', 9), // same day: the higher is used
    sdq('Q4', '2024-12-01', 25),
    sdq('Q5', '2024-05-01', 22),
    sdq('Q5', '2024-09-01', 10),
    sdq('Q5', '2024-12-01', 17),
    sdq('Q6', '2024-12-01', 30),
    sdq('Q7', '2024-08-01', 21),
    sdq('Q7', '2024-09-01', 26, 'teacher'),
  ])
  const completion = await h.cohort(la, 'sdq-completion', D)
  t.same(
    completion.items.map((i) => i.childId),
    ['Q1', 'Q2', 'Q3', 'Q5'],
  )
  t.same(countedIds(completion), ['Q1', 'Q3', 'Q5'])
  t.match(await h.kpi(la, 'sdq-completion', D), { value: 75, numerator: 3, denominator: 4 })
  // Latest scores 18, 15 and 17: 50 / 3.
  t.match(await h.kpi(la, 'sdq-average', D), { value: 16.7, numerator: 50, denominator: 3, cohortSize: 4 })
  t.match(await h.kpi(la, 'sdq-normal', D), { value: 0, numerator: 0, denominator: 3 })
  t.match(await h.kpi(la, 'sdq-borderline', D), { value: 33.3, numerator: 1, denominator: 3 })
  t.match(await h.kpi(la, 'sdq-concern', D), { value: 66.7, numerator: 2, denominator: 3 })
  // 5b: every carer return of 17+ dated in the 12 months, whatever the child's cohort at D: Q1's 18, Q4's
  // 25 (17 on D), Q5's 22 and 17, Q6's 30 (in care under 12 months), Q7's 21 (out of care since). Not
  // Q2's 20 (exactly 12 months before D) nor the teacher's 26.
  t.match(await h.kpi(la, 'sdq-scores-17-plus', D), { value: 6, numerator: 6, cohortSize: 6 })
  const returns = await h.cohort(la, 'sdq-scores-17-plus', D)
  t.same(
    returns.items.map((i) => [i.childId, i.date, i.facts.total, i.facts.inCareOnDate]),
    [
      ['Q1', '2025-01-10', 18, true],
      ['Q4', '2024-12-01', 25, true],
      ['Q5', '2024-05-01', 22, true],
      ['Q5', '2024-12-01', 17, true],
      ['Q6', '2024-12-01', 30, true],
      ['Q7', '2024-08-01', 21, true],
    ],
  )
  // The managers' high-score list for the same 12 months: the same returns.
  const list = await h.call(h.reader, { method: 'GET', url: `/v1/authorities/${la}/sdq/high-scores?from=2024-04-01&to=2025-03-31` })
  t.equal(list.statusCode, 200)
  const listed = list.json<{ items: Array<{ childId: string; date: string; total: number }> }>().items
  t.same(listed.map((i) => [i.childId, i.date, i.total]).sort(), returns.items.map((i) => [i.childId, i.date, i.facts.total]).sort())
  const all = await h.call(h.reader, { method: 'GET', url: `/v1/authorities/${la}/sdq/high-scores?from=2024-04-01&to=2025-03-31&informant=all` })
  t.equal(all.json<{ items: unknown[] }>().items.length, 7, "informant=all adds the teacher's 26")
  t.match(
    (await h.cohort(la, 'sdq-average', D)).items.find((i) => i.childId === 'Q3'),
    { measure: 15, facts: { age: 4, latestScore: 15 } },
  )
})

t.test('care leavers: birthday cohorts, the nearest contact, and the 17-21 cohort on D', async (t) => {
  const la = await h.la('832')
  type Contact = [date: string, inTouch: string, activity?: string | null, suitable?: boolean | null]
  const contacts = (childId: string, list: Contact[]) =>
    h.insert(
      'care_leaver_contacts',
      list.map(([date, inTouch, activity = null, suitable = null]) => ({
        la,
        record_id: id(),
        child_id: childId,
        date,
        in_touch: inTouch,
        activity,
        accommodation_type: suitable === null ? null : 'D',
        accommodation_suitable: suitable,
      })),
    )
  // 17th birthday 15 Jun 2024, left care the day before. The July contact is nearer than the April one.
  await h.child(la, 'CL1', '2007-06-15', [ep('2021-01-01', '2024-06-14', { reasonEnded: 'E8' })])
  await contacts('CL1', [
    ['2024-04-01', 'YES', 'F1', true],
    ['2024-07-10', 'YES', 'G5', false],
  ])
  // Left care on the 18th birthday. Two contacts ten days either side: the later one is used.
  await h.child(la, 'CL2', '2006-09-01', [ep('2020-01-01', '2024-09-01', { reasonEnded: 'E17' })])
  await contacts('CL2', [
    ['2024-08-22', 'NO'],
    ['2024-09-11', 'YES', 'F2', true],
  ])
  // Still in care on the 17th birthday: not a care leaver.
  await h.child(la, 'CL3', '2007-10-01', [ep('2022-01-01', null)])
  // 90 days in care from the 16th birthday: not a care leaver; 91 days: a care leaver (no contact).
  await h.child(la, 'CL4A', '2007-11-01', [ep('2023-11-01', '2024-01-30', { reasonEnded: 'E8' })])
  await h.child(la, 'CL4B', '2007-12-01', [ep('2023-12-01', '2024-03-01', { reasonEnded: 'E8' })])
  // Died after leaving care: out of the denominator.
  await h.child(la, 'CL5', '2007-05-01', [ep('2022-01-01', '2024-02-01', { reasonEnded: 'E8' })])
  await contacts('CL5', [['2024-05-15', 'DIED']])
  // Adopted: never a care leaver.
  await h.child(la, 'CL6', '2007-08-01', [ep('2020-01-01', '2023-01-01', { reasonEnded: 'E11', placementType: 'A4', legalStatus: 'E1' })])
  // Born 29 February: the 21st birthday is 1 March 2025, so a contact on 31 March is within a month of it.
  await h.child(la, 'CL7', '2004-02-29', [ep('2018-01-01', '2022-02-28', { reasonEnded: 'E8' })])
  await contacts('CL7', [['2025-03-31', 'YES', 'F4', true]])
  // 20th birthday 15 Jan 2025: the October contact is a day too early; the one a month after says not in touch.
  await h.child(la, 'CL8', '2005-01-15', [ep('2019-01-01', '2023-01-15', { reasonEnded: 'E17' })])
  await contacts('CL8', [
    ['2024-10-14', 'YES', 'F1', true],
    ['2025-02-15', 'NO'],
  ])

  const young = await h.cohort(la, 'care-leavers-17-18-in-touch', D)
  t.same(
    young.items.map((i) => [i.childId, i.facts.birthday, i.facts.contactDate, i.inDenominator, i.counted]),
    [
      ['CL1', '2024-06-15', '2024-07-10', true, true],
      ['CL2', '2024-09-01', '2024-09-11', true, true],
      ['CL4B', '2024-12-01', null, true, false],
      ['CL5', '2024-05-01', '2024-05-15', false, false],
    ],
  )
  t.match(await h.kpi(la, 'care-leavers-17-18-in-touch', D), {
    value: 66.7,
    numerator: 2,
    denominator: 3,
    cohortSize: 4,
    details: { noContact: 1, diedOrReturnedHome: 1 },
  })
  t.match(await h.kpi(la, 'care-leavers-17-18-suitable-accommodation', D), { value: 33.3, numerator: 1, denominator: 3 })
  t.match(await h.kpi(la, 'care-leavers-17-18-eet', D), { value: 33.3, numerator: 1, denominator: 3 })

  const older = await h.cohort(la, 'care-leavers-19-21-in-touch', D)
  t.same(
    older.items.map((i) => [i.childId, i.facts.birthday, i.facts.contactDate, i.counted]),
    [
      ['CL7', '2025-03-01', '2025-03-31', true],
      ['CL8', '2025-01-15', '2025-02-15', false],
    ],
  )
  t.match(await h.kpi(la, 'care-leavers-19-21-in-touch', D), { value: 50, numerator: 1, denominator: 2 })
  t.match(await h.kpi(la, 'care-leavers-19-21-suitable-accommodation', D), { value: 50 })
  t.match(await h.kpi(la, 'care-leavers-19-21-eet', D), { value: 50 })

  // On D, aged 17-21: CL1, CL2, CL4B, CL5 (died: out of the denominator), CL7 and CL8.
  await h.insert('pathway_plans', [
    { la, record_id: 'P1', child_id: 'CL1', plan_date: '2024-06-01' },
    { la, record_id: 'P2', child_id: 'CL2', plan_date: '2024-10-01' },
    { la, record_id: 'P4', child_id: 'CL4B', plan_date: '2024-03-01' },
    { la, record_id: 'P7', child_id: 'CL7', plan_date: '2023-01-01' },
  ])
  await h.insert('pathway_plan_reviews', [
    { la, plan_record_id: 'P1', review_date: '2024-12-15' },
    // Exactly six months before D: not "after D minus 6 months".
    { la, plan_record_id: 'P7', review_date: '2024-09-30' },
  ])
  await h.insert('personal_advisers', [
    { la, record_id: 'A1', child_id: 'CL1', allocated_on: '2024-01-01', ended_on: null },
    { la, record_id: 'A2', child_id: 'CL2', allocated_on: '2024-01-01', ended_on: '2025-03-31' },
    { la, record_id: 'A4', child_id: 'CL4B', allocated_on: '2025-04-01', ended_on: null },
    { la, record_id: 'A7', child_id: 'CL7', allocated_on: '2022-01-01', ended_on: '2025-03-30' },
    { la, record_id: 'A8', child_id: 'CL8', allocated_on: '2025-03-31', ended_on: null },
  ])
  t.match(await h.kpi(la, 'care-leavers', D), { value: 5, cohortSize: 6 })
  const plans = await h.cohort(la, 'care-leavers-pathway-plan-current', D)
  t.same(
    plans.items.map((i) => i.childId),
    ['CL1', 'CL2', 'CL4B', 'CL5', 'CL7', 'CL8'],
  )
  t.same(countedIds(plans), ['CL1', 'CL2'])
  t.match(await h.kpi(la, 'care-leavers-pathway-plan-current', D), { value: 40, numerator: 2, denominator: 5, details: { diedOrReturnedHome: 1 } })
  t.same(countedIds(await h.cohort(la, 'care-leavers-personal-adviser', D)), ['CL1', 'CL2', 'CL8'])
  t.match(await h.kpi(la, 'care-leavers-personal-adviser', D), { value: 60, numerator: 3, denominator: 5 })
})
