import t from 'tap'
import { addDays } from '../../../src/domain/dates/calendar.ts'
import { todayInEngland } from '../../../src/domain/dates/today.ts'
import { ihaDeadline } from '../../../src/domain/health/due-dates.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'
import { invalidOutboxPayloads } from '../../fixtures/webhook-payloads.ts'
import { buildTestApp, integration, truncateAll } from '../../helper.ts'

/**
 * Which writes put which events in the outbox (no dispatcher here: the events stay to be read). A new
 * period of care begun lately is child.admitted, from an episode write and from an import alike, in
 * the write's transaction; the same history again, an old admission or a refused write, nothing.
 */
const h = await buildTestApp(t, { webhooks: false })
const today = todayInEngland()
const daysAgo = (n: number) => addDays(today, -n)
let writer = ''
/** Authority 372 with nothing stored and a new writing key: before each test, and midway to write a history again. */
async function emptyAuthority() {
  await truncateAll(h.db)
  await h.authority('372')
  writer = await h.key(['records:write'], ['372'])
}
t.beforeEach(emptyAuthority)
const api = integration(h, () => writer)
/** A snapshot of these children, posted as the nightly import. */
const post = (children: unknown[]) => h.call(writer, { method: 'POST', url: '/v1/authorities/372/imports', payload: { children } })
// The care and import events; data-quality.new-errors follows an import's refresh, after its answer (data-quality-event.test.ts).
const outbox = () =>
  h.db.selectFrom('webhook_events').select(['type', 'childId', 'payload']).where('type', '<>', 'data-quality.new-errors').orderBy('seq').execute()
// Whatever a test wrote, every event's data must be what its published schema says
// (domain/webhooks/payloads.ts): collected after each test, asserted by the last.
const schemaCheck = { checked: 0, invalid: [] as string[], types: new Set<string>() }
t.afterEach(async () => {
  const r = await invalidOutboxPayloads(h.db)
  schemaCheck.checked += r.checked
  schemaCheck.invalid.push(...r.invalid)
  for (const e of await outbox()) schemaCheck.types.add(e.type)
})

t.test('an episode write that starts a new period of care is child.admitted, with the IHA deadline; the same again is nothing', async (t) => {
  t.equal((await api.child('C1')).statusCode, 201)
  const first = [snapshotEpisode(daysAgo(5))]
  t.equal((await api.episodes('C1', first)).statusCode, 200)
  t.same(await outbox(), [{ type: 'child.admitted', childId: 'C1', payload: { childId: 'C1', admittedOn: daysAgo(5), ihaDueBy: ihaDeadline(daysAgo(5)) } }])
  t.equal((await api.episodes('C1', first)).statusCode, 200)
  t.equal((await outbox()).length, 1, 'the same history again: no event')

  // The period ends (a return home) and a second begins: only the second is an admission.
  const second = [snapshotEpisode(daysAgo(5), { endDate: daysAgo(3), reasonEnded: 'E4A' }), snapshotEpisode(daysAgo(1))]
  t.equal((await api.episodes('C1', second)).statusCode, 200)
  t.same(
    (await outbox()).map((e) => [e.type, e.childId]),
    [
      ['child.admitted', 'C1'],
      ['child.ceased', 'C1'],
      ['child.returned-home', 'C1'],
      ['child.admitted', 'C1'],
    ],
  )
  t.equal((await outbox())[3]?.payload.admittedOn, daysAgo(1))
})

t.test('an old admission filled in, or a refused write, is nothing', async (t) => {
  await api.child('C2')
  t.equal((await api.episodes('C2', [snapshotEpisode('2020-01-10')])).statusCode, 200)
  await api.child('C3')
  // An episode ending before it starts: refused, nothing stored.
  t.equal((await api.episodes('C3', [snapshotEpisode(daysAgo(2), { endDate: daysAgo(4), reasonEnded: 'E8' })])).statusCode, 422)
  t.same(await outbox(), [])
})

t.test('an import announces the admissions it stores, then itself; the same snapshot again only itself', async (t) => {
  const snapshot = { children: [snapshotChild('C4', [snapshotEpisode(daysAgo(2))]), snapshotChild('C5', [snapshotEpisode('2019-04-01')])] }
  const post = () => h.call(writer, { method: 'POST', url: '/v1/authorities/372/imports', payload: snapshot })
  t.equal((await post()).statusCode, 201)
  t.equal((await post()).statusCode, 201)
  t.same(
    (await outbox()).map((e) => [e.type, e.childId]),
    [
      ['child.admitted', 'C4'],
      ['import.completed', null],
      ['import.completed', null],
    ],
  )
})

t.test('an import finds moves, cessations and returns home by comparing what it stores with what was stored, in order per child', async (t) => {
  // Night 1: in care since last year (old news), one child admitted this week.
  const long = snapshotEpisode('2025-01-06')
  t.equal((await post([snapshotChild('M1', [long]), snapshotChild('M2', [long]), snapshotChild('M3', [snapshotEpisode(daysAgo(6))])])).statusCode, 201)
  // Night 2: M1 moved 4 days ago; M2 went home 3 days ago (E4A); M3 left care 1 day ago to live with relatives without PR (E13).
  const moved = [
    snapshotEpisode('2025-01-06', { endDate: daysAgo(4), reasonEnded: 'X1', reasonPlaceChange: 'CARPL' }),
    snapshotEpisode(daysAgo(4), { reasonNewEpisode: 'P', placementType: 'U5', placementPostcode: 'S66 1AA' }),
  ]
  const home = [snapshotEpisode('2025-01-06', { endDate: daysAgo(3), reasonEnded: 'E4A' })]
  const left = [snapshotEpisode(daysAgo(6), { endDate: daysAgo(1), reasonEnded: 'E13' })]
  const night2 = [snapshotChild('M1', moved), snapshotChild('M2', home), snapshotChild('M3', left)]
  t.equal((await post(night2)).statusCode, 201)
  t.equal((await post(night2)).statusCode, 201, 'the same snapshot again says nothing new')
  t.same(
    (await outbox()).map((e) => [e.type, e.childId]),
    [
      ['child.admitted', 'M3'],
      ['import.completed', null],
      ['child.placement-changed', 'M1'],
      ['child.ceased', 'M2'],
      ['child.returned-home', 'M2'],
      ['child.ceased', 'M3'],
      ['import.completed', null],
      ['import.completed', null],
    ],
  )
  const byType = Object.fromEntries((await outbox()).filter((e) => e.childId).map((e) => [`${e.type}:${e.childId}`, e.payload]))
  t.same(byType['child.placement-changed:M1'], { childId: 'M1', changedOn: daysAgo(4) })
  t.same(byType['child.ceased:M2'], { childId: 'M2', ceasedOn: daysAgo(3), reasonEnded: 'E4A', admittedOn: '2025-01-06' })
  t.same(byType['child.returned-home:M2'], { childId: 'M2', returnedOn: daysAgo(3), reasonEnded: 'E4A' })
  t.same(byType['child.ceased:M3'], { childId: 'M3', ceasedOn: daysAgo(1), reasonEnded: 'E13', admittedOn: daysAgo(6) }, 'E13 is not a return home')
})

t.test('a period that goes from V3 short breaks to a full placement is child.admitted on the move, with its IHA deadline', async (t) => {
  const shortBreak = { legalStatus: 'V3', categoryOfNeed: 'N2', placementType: 'K2', placementProvider: 'PR1', urn: 'SC123456' }
  // Night 1: a short break began 10 days ago (not care, nothing to say). Night 2: 4 days ago it became a care order placement.
  t.equal((await post([snapshotChild('V1', [snapshotEpisode(daysAgo(10), shortBreak)])])).statusCode, 201)
  const moved = [
    snapshotEpisode(daysAgo(10), { ...shortBreak, endDate: daysAgo(4), reasonEnded: 'X1' }),
    snapshotEpisode(daysAgo(4), { reasonNewEpisode: 'B', categoryOfNeed: 'N2' }),
  ]
  t.equal((await post([snapshotChild('V1', moved)])).statusCode, 201)
  t.equal((await post([snapshotChild('V1', moved)])).statusCode, 201, 'the same snapshot again says nothing new')
  const admitted = { type: 'child.admitted', childId: 'V1', payload: { childId: 'V1', admittedOn: daysAgo(4), ihaDueBy: ihaDeadline(daysAgo(4)) } }
  t.same(
    (await outbox()).filter((e) => e.childId),
    [admitted],
    'admitted on the move, never the first break; the move is the admission, not a placement change',
  )

  // The same history written whole by the episode route: the same event.
  await emptyAuthority()
  t.equal((await api.child('V2')).statusCode, 201)
  t.equal((await api.episodes('V2', moved)).statusCode, 200)
  t.same(await outbox(), [{ ...admitted, childId: 'V2', payload: { ...admitted.payload, childId: 'V2' } }])
})

t.test('a move from care into V3 short breaks within a period is child.ceased (X1) on it, once; the period ending in breaks says nothing', async (t) => {
  const shortBreak = { reasonNewEpisode: 'L', legalStatus: 'V3', categoryOfNeed: 'N2', placementType: 'K2', placementProvider: 'PR1', urn: 'SC123456' }
  // Night 1: in care since 2025 (old news). Night 2: 4 days ago a V3 short-break agreement instead. Night 3: home from the breaks yesterday.
  t.equal((await post([snapshotChild('B1', [snapshotEpisode('2025-01-06')])])).statusCode, 201)
  const toBreaks = [snapshotEpisode('2025-01-06', { endDate: daysAgo(4), reasonEnded: 'X1' }), snapshotEpisode(daysAgo(4), shortBreak)]
  t.equal((await post([snapshotChild('B1', toBreaks)])).statusCode, 201)
  t.equal((await post([snapshotChild('B1', toBreaks)])).statusCode, 201, 'the same snapshot again says nothing new')
  const ended = [toBreaks[0], snapshotEpisode(daysAgo(4), { ...shortBreak, endDate: daysAgo(1), reasonEnded: 'E4A' })]
  t.equal((await post([snapshotChild('B1', ended)])).statusCode, 201)
  const ceased = { type: 'child.ceased', childId: 'B1', payload: { childId: 'B1', ceasedOn: daysAgo(4), reasonEnded: 'X1', admittedOn: '2025-01-06' } }
  t.same(
    (await outbox()).filter((e) => e.childId),
    [ceased],
    'ceased on the move into breaks, with the start of the time in care; not again (nor a return home) when the breaks end',
  )

  // The same histories written by the episode route: the same one event.
  await emptyAuthority()
  t.equal((await api.child('B2')).statusCode, 201)
  t.equal((await api.episodes('B2', [snapshotEpisode('2025-01-06')])).statusCode, 200)
  t.equal((await api.episodes('B2', ended)).statusCode, 200)
  t.same(await outbox(), [{ ...ceased, childId: 'B2', payload: { ...ceased.payload, childId: 'B2' } }])
})

t.test('child.ceased after short breaks then care carries the start of the time in care, as child.admitted did', async (t) => {
  t.equal((await api.child('B3')).statusCode, 201)
  const shortBreak = { legalStatus: 'V3', categoryOfNeed: 'N2', placementType: 'K2', placementProvider: 'PR1', urn: 'SC123456' }
  const episodes = [
    snapshotEpisode(daysAgo(10), { ...shortBreak, endDate: daysAgo(6), reasonEnded: 'X1' }),
    snapshotEpisode(daysAgo(6), { reasonNewEpisode: 'B', categoryOfNeed: 'N2', endDate: daysAgo(2), reasonEnded: 'E4A' }),
  ]
  t.equal((await api.episodes('B3', episodes)).statusCode, 200)
  t.same(
    (await outbox()).map((e) => [e.type, e.payload.admittedOn ?? e.payload.returnedOn]),
    [
      ['child.admitted', daysAgo(6)],
      ['child.ceased', daysAgo(6)],
      ['child.returned-home', daysAgo(2)],
    ],
  )
})

t.test('an episode write that ends a period is child.ceased from that path too', async (t) => {
  await api.child('C6')
  t.equal((await api.episodes('C6', [snapshotEpisode('2024-05-01')])).statusCode, 200)
  t.equal((await api.episodes('C6', [snapshotEpisode('2024-05-01', { endDate: daysAgo(2), reasonEnded: 'E4B' })])).statusCode, 200)
  t.same(
    (await outbox()).map((e) => e.type),
    ['child.ceased', 'child.returned-home'],
  )
})

t.test('a refused import writes no events', async (t) => {
  const res = await h.call(writer, {
    method: 'POST',
    url: '/v1/authorities/372/imports?dryRun=true',
    payload: { children: [snapshotChild('D1', [snapshotEpisode(daysAgo(2))])] },
  })
  t.equal(res.statusCode, 200)
  t.same(await outbox(), [], 'a dry run is rolled back with its events')
})

t.test('every event these writes made validates against its published schema', async (t) => {
  t.same(schemaCheck.invalid, [])
  t.ok(schemaCheck.checked > 10, `${schemaCheck.checked} events checked`)
  t.same([...schemaCheck.types].sort(), ['child.admitted', 'child.ceased', 'child.placement-changed', 'child.returned-home', 'import.completed'])
})
