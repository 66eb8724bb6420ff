import t from 'tap'
import { addDays } from '../../../src/domain/dates/calendar.ts'
import { todayInEngland } from '../../../src/domain/dates/today.ts'
import { ihaDeadline } from '../../../src/domain/health/due-dates.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'
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
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  writer = await h.key(['records:write'], ['372'])
})
const api = integration(h, () => writer)
const outbox = () => h.db.selectFrom('webhook_events').select(['type', 'childId', 'payload']).orderBy('seq').execute()

t.test('an episode write that starts a new period of care is child.admitted, with the IHA deadline; the same again is nothing', async (t) => {
  t.equal((await api.child('C1')).statusCode, 201)
  const first = [snapshotEpisode(daysAgo(5))]
  t.equal((await api.episodes('C1', first)).statusCode, 200)
  t.same(await outbox(), [{ type: 'child.admitted', childId: 'C1', payload: { childId: 'C1', admittedOn: daysAgo(5), ihaDueBy: ihaDeadline(daysAgo(5)) } }])
  t.equal((await api.episodes('C1', first)).statusCode, 200)
  t.equal((await outbox()).length, 1, 'the same history again: no event')

  // The period ends and a second begins: only the second is new.
  const second = [snapshotEpisode(daysAgo(5), { endDate: daysAgo(3), reasonEnded: 'E4A' }), snapshotEpisode(daysAgo(1))]
  t.equal((await api.episodes('C1', second)).statusCode, 200)
  t.same(
    (await outbox()).map((e) => [e.type, e.childId, (e.payload as { admittedOn: string }).admittedOn]),
    [
      ['child.admitted', 'C1', daysAgo(5)],
      ['child.admitted', 'C1', daysAgo(1)],
    ],
  )
})

t.test('an old admission filled in, or a refused write, is nothing', async (t) => {
  await api.child('C2')
  t.equal((await api.episodes('C2', [snapshotEpisode('2020-01-10')])).statusCode, 200)
  await api.child('C3')
  // The first episode must start a period of care: refused, nothing stored.
  t.equal((await api.episodes('C3', [snapshotEpisode(daysAgo(2), { reasonNewEpisode: 'P' })])).statusCode, 422)
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
