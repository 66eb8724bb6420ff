import { sql } from 'kysely'
import t from 'tap'
import { purgeDelivered } from '../../../src/db/webhook-outbox.ts'
import { DUE_LOOKBACK_DAYS, DUE_SOON_DAYS, RETENTION_DAYS } from '../../../src/domain/webhooks/due.ts'
import { dailyDueJob, writeDueEvents } from '../../../src/modules/webhooks/due-job.ts'
import { webhookDueSources } from '../../../src/webhook-due-sources.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'
import { invalidOutboxPayloads } from '../../fixtures/webhook-payloads.ts'
import { buildTestApp, truncateAll } from '../../helper.ts'

/**
 * The daily due and overdue events on hand-made children at the edges, each worked out by hand for
 * D = 2026-06-01 from the rules (domain doc 5b and 6): due soon is D to D + 28 days, overdue and
 * "fell due" reach back 35 days. The facts come from the service's own reads (the KPI drill-down,
 * the SDQs due list, the care leavers list) through the app's wiring.
 */
const h = await buildTestApp(t, { config: { webhookAllowedHosts: ['127.0.0.1'] }, webhooks: false })
const sources = webhookDueSources(h.db)
const D = '2026-06-01'
t.equal(DUE_SOON_DAYS, 28)
t.equal(DUE_LOOKBACK_DAYS, 35)

let admin = ''
let subscriptionId = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  await h.authority('373')
  admin = await h.key(['admin', 'records:write', 'records:read', 'child:read'], ['372', '373'])
  const res = await h.call(admin, {
    method: 'POST',
    url: '/v1/webhooks',
    payload: { url: 'http://127.0.0.1:9/due', events: ['health-assessment.overdue', 'sdq.due', 'care-leaver.birthday-contact-due'], authorities: ['372'] },
  })
  if (res.statusCode !== 201) throw new Error(res.body)
  subscriptionId = res.json<{ subscription: { id: string } }>().subscription.id
})

const inCare = (id: string, start: string, dateOfBirth = '2012-06-14') => snapshotChild(id, [snapshotEpisode(start)], { dateOfBirth })
const assessment = (recordId: string, childId: string, date: string) => ({ recordId, childId, kind: 'review_health_assessment', date, outcome: 'completed' })
const carerSdq = (recordId: string, childId: string, date: string) => ({ recordId, childId, date, informant: 'carer', total: 12 })
const leaver = (id: string, dateOfBirth: string) =>
  snapshotChild(id, [snapshotEpisode('2020-01-01', { endDate: '2025-01-01', reasonEnded: 'E8' })], { dateOfBirth })

async function load(la = '372') {
  const snapshot = {
    children: [
      // Health: the next review 12 months after the latest (5 and over), 6 months under 5.
      inCare('H-OVERDUE-1', '2024-01-01'), // assessed 2025-05-31: due 2026-05-31, overdue by one day
      inCare('H-OVERDUE-35', '2024-01-01'), // 2025-04-27: due 2026-04-27, 35 days ago
      inCare('H-OVERDUE-36', '2024-01-01'), // 2025-04-26: due 36 days ago, old news
      inCare('H-TODAY', '2024-01-01'), // 2025-06-01: due today, not yet overdue
      inCare('H-28', '2024-01-01'), // 2025-06-29: due in exactly 28 days
      inCare('H-29', '2024-01-01'), // 2025-06-30: due in 29 days, too far
      inCare('H-UNDER-5', '2024-01-01', '2022-01-01'), // 2025-12-01, 4 at 2026-06-01: due six months on, today
      // No assessment since coming into care on 2026-05-20: the IHA's 20th working day (25 May a bank holiday) is 18 June.
      inCare('H-IHA', '2026-05-20'),
      // SDQ: 12 months after the last carer score.
      inCare('S-DUE-TODAY', '2024-01-01'), // scored 2025-06-01: due today
      inCare('S-DUE-35', '2024-01-01'), // 2025-04-27: fell due 35 days ago
      inCare('S-DUE-36', '2024-01-01'), // 2025-04-26: 36 days ago, old news
      // Care leavers: the contact window is 3 months before to 1 month after the 17th-21st birthday.
      leaver('L-WINDOW', '2008-08-01'), // 18 on 2026-08-01: window from 2026-05-01
      leaver('L-FIRST-DAY', '2008-09-01'), // window from 2026-06-01: its first day
      leaver('L-NOT-YET', '2008-09-02'), // window from 2026-06-02
      leaver('L-CONTACTED', '2008-08-01'), // contacted on 2026-05-10, in the window
    ],
    healthChecks: [
      assessment('A1', 'H-OVERDUE-1', '2025-05-31'),
      assessment('A2', 'H-OVERDUE-35', '2025-04-27'),
      assessment('A3', 'H-OVERDUE-36', '2025-04-26'),
      assessment('A4', 'H-TODAY', '2025-06-01'),
      assessment('A5', 'H-28', '2025-06-29'),
      assessment('A6', 'H-29', '2025-06-30'),
      assessment('A7', 'H-UNDER-5', '2025-12-01'),
      // The others in care since 2024 have had theirs too, so only the SDQ speaks of them.
      assessment('A8', 'S-DUE-TODAY', '2025-12-01'),
      assessment('A9', 'S-DUE-35', '2025-12-01'),
      assessment('A10', 'S-DUE-36', '2025-12-01'),
    ],
    sdqReturns: [
      // Scored in the 12 months to D: not due (their SDQ is not news).
      ...['H-OVERDUE-1', 'H-OVERDUE-35', 'H-OVERDUE-36', 'H-TODAY', 'H-28', 'H-29'].map((id, i) => carerSdq(`Q${i}`, id, '2025-12-01')),
      carerSdq('Q-TODAY', 'S-DUE-TODAY', '2025-06-01'),
      carerSdq('Q-35', 'S-DUE-35', '2025-04-27'),
      carerSdq('Q-36', 'S-DUE-36', '2025-04-26'),
    ],
    careLeavers: ['L-WINDOW', 'L-FIRST-DAY', 'L-NOT-YET', 'L-CONTACTED'].map((childId) => ({ childId, eligibility: 'former_relevant' })),
    pathwayPlans: [
      { recordId: 'P1', childId: 'L-WINDOW', planDate: '2025-12-29' }, // review due 2026-06-29: in 28 days
      { recordId: 'P2', childId: 'L-FIRST-DAY', planDate: '2025-12-30' }, // due 2026-06-30: too far
      { recordId: 'P3', childId: 'L-NOT-YET', planDate: '2025-10-01', reviews: ['2025-11-26'] }, // due 2026-05-26: overdue
    ],
    careLeaverContacts: [{ recordId: 'K1', childId: 'L-CONTACTED', date: '2026-05-10', inTouch: 'YES' }],
  }
  const res = await h.call(admin, { method: 'POST', url: `/v1/authorities/${la}/imports`, payload: snapshot })
  t.equal(res.statusCode, 201, res.body)
}

const dueEvents = async () =>
  (
    await h.db
      .selectFrom('webhook_events')
      .select(['la', 'type', 'childId', 'dueOn', 'payload'])
      .where('dueOn', 'is not', null)
      .orderBy('type')
      .orderBy('childId')
      .execute()
  ).map((e) => ({ ...e, payload: e.payload }))

t.test('a day announces what falls due at the edges, once', async (t) => {
  await load()
  const run = await writeDueEvents(h.db, sources, D)
  t.same(run.authorities, ['372'], 'only an authority some subscription wants due events of')
  t.same(run.written, {
    'health-assessment.due-soon': 4,
    'health-assessment.overdue': 2,
    'sdq.due': 2,
    'care-leaver.pathway-plan-review-due': 2,
    'care-leaver.birthday-contact-due': 2,
  })
  const events = await dueEvents()
  const rha = 'review_health_assessment'
  t.same(
    events.map((e) => [e.type, e.childId, e.dueOn, e.payload]),
    [
      [
        'care-leaver.birthday-contact-due',
        'L-FIRST-DAY',
        '2026-09-01',
        { childId: 'L-FIRST-DAY', birthday: '2026-09-01', windowFrom: '2026-06-01', windowTo: '2026-10-01' },
      ],
      [
        'care-leaver.birthday-contact-due',
        'L-WINDOW',
        '2026-08-01',
        { childId: 'L-WINDOW', birthday: '2026-08-01', windowFrom: '2026-05-01', windowTo: '2026-09-01' },
      ],
      ['care-leaver.pathway-plan-review-due', 'L-NOT-YET', '2026-05-26', { childId: 'L-NOT-YET', dueDate: '2026-05-26', lastReviewed: '2025-11-26' }],
      ['care-leaver.pathway-plan-review-due', 'L-WINDOW', '2026-06-29', { childId: 'L-WINDOW', dueDate: '2026-06-29', lastReviewed: '2025-12-29' }],
      ['health-assessment.due-soon', 'H-28', '2026-06-29', { childId: 'H-28', kind: rha, dueDate: '2026-06-29' }],
      ['health-assessment.due-soon', 'H-IHA', '2026-06-18', { childId: 'H-IHA', kind: 'initial_health_assessment', dueDate: '2026-06-18' }],
      ['health-assessment.due-soon', 'H-TODAY', '2026-06-01', { childId: 'H-TODAY', kind: rha, dueDate: '2026-06-01' }],
      ['health-assessment.due-soon', 'H-UNDER-5', '2026-06-01', { childId: 'H-UNDER-5', kind: rha, dueDate: '2026-06-01' }],
      ['health-assessment.overdue', 'H-OVERDUE-1', '2026-05-31', { childId: 'H-OVERDUE-1', kind: rha, dueDate: '2026-05-31' }],
      ['health-assessment.overdue', 'H-OVERDUE-35', '2026-04-27', { childId: 'H-OVERDUE-35', kind: rha, dueDate: '2026-04-27' }],
      ['sdq.due', 'S-DUE-35', '2026-04-27', { childId: 'S-DUE-35', dueDate: '2026-04-27' }],
      ['sdq.due', 'S-DUE-TODAY', '2026-06-01', { childId: 'S-DUE-TODAY', dueDate: '2026-06-01' }],
    ],
  )
  t.same((await invalidOutboxPayloads(h.db)).invalid, [], 'every payload matches its published schema')

  // Again the same day, and the next: nothing new for the same child and due date.
  const again = await writeDueEvents(h.db, sources, D)
  t.same(Object.values(again.written), [0, 0, 0, 0, 0], 'the same day twice writes nothing')
  const next = await writeDueEvents(h.db, sources, '2026-06-02')
  t.same(
    next.written,
    {
      // H-TODAY and H-UNDER-5 are overdue by one day now: new events, about the same due date.
      'health-assessment.overdue': 2,
      'health-assessment.due-soon': 1, // H-29 is due in 28 days
      'sdq.due': 0,
      'care-leaver.pathway-plan-review-due': 1, // L-FIRST-DAY's review is due in 28 days
      'care-leaver.birthday-contact-due': 1, // L-NOT-YET's window opens
    },
    'the next day: only what is news that day',
  )
  t.equal((await dueEvents()).length, 17)
})

t.test('nothing is written for authorities no active subscription wants due events of', async (t) => {
  await load('373')
  await load('372')
  t.same((await writeDueEvents(h.db, sources, D)).authorities, ['372'], '373 has no subscription')
  t.same(new Set((await dueEvents()).map((e) => e.la)), new Set(['372']))
  await h.db.deleteFrom('webhook_events').execute()
  await h.call(admin, { method: 'PATCH', url: `/v1/webhooks/${subscriptionId}`, payload: { paused: true } })
  const run = await writeDueEvents(h.db, sources, D)
  t.same(run.authorities, [], 'a paused subscription wants nothing')
  t.same(await dueEvents(), [])
})

t.test('once a day across instances: the first to claim the day runs it, the other does nothing', async (t) => {
  await load()
  const logs = { info: () => {}, warn: () => {} } as unknown as Parameters<typeof dailyDueJob>[2]
  let kicked = 0
  const a = dailyDueJob(h.db, sources, logs, { today: () => D, written: () => kicked++ })
  const b = dailyDueJob(h.db, sources, logs, { today: () => D, written: () => kicked++ })
  const [ra, rb] = await Promise.all([a.runIfDue(), b.runIfDue()])
  t.equal([ra, rb].filter((r) => r !== null).length, 1, 'one instance ran the day')
  t.equal(kicked, 1, 'the dispatcher is told, once, that there are events')
  t.equal((await dueEvents()).length, 12)
  t.same((await sql`select day, events from webhook_due_runs`.execute(h.db)).rows, [{ day: D, events: 12 }], 'the day is recorded done')
  t.equal(await a.runIfDue(), null, 'done for today')
  const c = dailyDueJob(h.db, sources, logs, { today: () => D })
  t.equal(await c.runIfDue(), null, 'a new instance sees the day done')
  await Promise.all([a.close(), b.close(), c.close()])
})

t.test(`retention: what was delivered over ${RETENTION_DAYS} days ago goes, with its events; pending and parked stay`, async (t) => {
  t.ok(RETENTION_DAYS > DUE_SOON_DAYS + DUE_LOOKBACK_DAYS, 'longer than a due date can be announced, so none is announced twice')
  const old = sql<Date>`now() - make_interval(days => ${RETENTION_DAYS + 1})`
  const recent = sql<Date>`now() - make_interval(days => ${RETENTION_DAYS - 1})`
  const event = async (name: string, createdAt: typeof old) =>
    await h.db
      .insertInto('webhook_events')
      .values({ la: '372', type: 'import.completed', childId: null, payload: JSON.stringify({ name }), createdAt, fannedOutAt: createdAt })
      .returning(['id', 'seq'])
      .executeTakeFirstOrThrow()
  const delivery = async (e: { id: string; seq: string }, status: 'delivered' | 'pending' | 'parked', deliveredAt: typeof old | null) =>
    h.db.insertInto('webhook_deliveries').values({ eventId: e.id, subscriptionId, eventSeq: e.seq, status, deliveredAt }).execute()
  await delivery(await event('old delivered', old), 'delivered', old)
  await delivery(await event('old, delivered lately (a replay)', old), 'delivered', recent)
  await delivery(await event('old parked', old), 'parked', null)
  await delivery(await event('old pending', old), 'pending', null)
  await event('old, nobody wanted it', old)
  await delivery(await event('recent delivered', recent), 'delivered', recent)
  await event('recent, nobody wanted it', recent)

  t.same(await purgeDelivered(h.db, RETENTION_DAYS), { deliveries: 1, events: 2 })
  const left = await h.db.selectFrom('webhook_events').select('payload').orderBy('seq').execute()
  t.same(
    left.map((e) => (e.payload as { name: string }).name),
    ['old, delivered lately (a replay)', 'old parked', 'old pending', 'recent delivered', 'recent, nobody wanted it'],
  )
  t.same(await purgeDelivered(h.db, RETENTION_DAYS), { deliveries: 0, events: 0 }, 'nothing more the second time')
})
