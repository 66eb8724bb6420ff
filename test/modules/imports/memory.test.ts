// A body built to make the import allocate without end (millions of tiny bad records): checked item by
// item, the import stops at the thousandth schema error, so its memory stays bounded by the body's.
import t from 'tap'
import { buildTestApp, expectProblem } from '../../helper.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'

t.test(
  '13 million bad records in a 40 MB body: a 400 once a thousand errors are found, and the service and the next import carry on',
  {
    skip: !process.env.TEST_DATABASE_URL && 'imports run in a worker thread on PostgreSQL only',
    timeout: 180_000,
  },
  async (t) => {
    const h = await buildTestApp(t, { config: { importBodyLimit: 64 * 1024 * 1024 }, importWorkerMemoryMb: 1024 })
    await h.authority('372')
    const key = await h.key(['records:write'], ['372'])
    // 40 MB of tiny objects: a few bytes each as text, tens as objects, and a schema error each.
    const body = `{"children":[],"healthChecks":[${'{},'.repeat(13_000_000)}{}]}`
    const res = await h.call(key, {
      method: 'POST',
      url: '/v1/authorities/372/imports?mode=delta',
      payload: body,
      headers: { 'content-type': 'application/json' },
    })
    t.match(expectProblem(t, res, 400), { detail: /more than 1000 schema errors \(checking stopped at \/healthChecks\/\d+\)/ })
    t.equal((await h.call(null, { method: 'GET', url: '/health/live' })).statusCode, 200, 'the service is alive')
    const next = await h.call(key, {
      method: 'POST',
      url: '/v1/authorities/372/imports',
      payload: { children: [snapshotChild('C1', [snapshotEpisode('2024-05-02')])] },
    })
    t.equal(next.statusCode, 201, 'a fresh worker takes the next import')
  },
)
