import t from 'tap'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'
import { invalidOutboxPayloads } from '../../fixtures/webhook-payloads.ts'
import { buildTestApp, eventually, truncateAll } from '../../helper.ts'

/**
 * data-quality.new-errors: written when the data-quality refresh after an import (which runs after
 * the import's answer) finds findings that were not there before, with the counts the run records;
 * nothing when the refresh finds none new.
 */
const h = await buildTestApp(t, { webhooks: false })
let key = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  key = await h.key(['records:write', 'records:read'], ['372'])
})

type Counts = Array<{ year: number; newFindings: number; resolvedFindings: number }>
// PR1 (the council's own provision) cannot provide R2: DfE rule 527.
const snapshot = (place: string) => ({
  children: [snapshotChild('A1', [snapshotEpisode('2024-05-02', { placementType: place })]), snapshotChild('A2', [snapshotEpisode('2024-05-02')])],
})
async function importAndRefresh(place: string): Promise<{ runId: string; counts: Counts }> {
  const res = await h.call(key, { method: 'POST', url: '/v1/authorities/372/imports?allowShrink=true', payload: snapshot(place) })
  t.equal(res.statusCode, 201, res.body)
  const runId = res.json<{ id: string }>().id
  const counts = await eventually(async () => {
    const run = await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${runId}` })
    return run.json<{ dataQuality: Counts | null }>().dataQuality
  }, 20_000)
  if (counts === null) throw new Error(`the refresh after run ${runId} did not record its counts`)
  return { runId, counts }
}
const events = () =>
  h.db.selectFrom('webhook_events').select(['la', 'childId', 'payload']).where('type', '=', 'data-quality.new-errors').orderBy('seq').execute()

t.test('an import whose refresh finds new errors announces the counts; one that only resolves them does not', async (t) => {
  const first = await importAndRefresh('R2')
  const newErrors = first.counts.reduce((n, y) => n + y.newFindings, 0)
  t.ok(newErrors >= 1, `the refresh found ${newErrors} new`)
  t.same(await events(), [{ la: '372', childId: null, payload: { runId: first.runId, newErrors, resolved: 0 } }], 'counts and the run id only')

  const fixed = await importAndRefresh('U4')
  t.ok(fixed.counts.reduce((n, y) => n + y.resolvedFindings, 0) >= 1, 'the fix resolves the finding')
  t.equal(
    fixed.counts.reduce((n, y) => n + y.newFindings, 0),
    0,
  )
  t.equal((await events()).length, 1, 'no event: nothing new')

  const again = await importAndRefresh('R2')
  const back = await events()
  t.equal(back.length, 2, 'the error back is new again')
  const newAgain = again.counts.reduce((n, y) => n + y.newFindings, 0)
  t.ok(newAgain >= 1 && newAgain < newErrors, 'only the finding that came back is new (the first refresh found everything)')
  t.same(back[1], { la: '372', childId: null, payload: { runId: again.runId, newErrors: newAgain, resolved: 0 } })
  t.same((await invalidOutboxPayloads(h.db)).invalid, [], 'every payload matches its published schema')
})
