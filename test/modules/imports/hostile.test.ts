// Hostile and broken import bodies: each is a 4xx, the service stays up and answers its probes
// quickly while they are refused, and nothing is stored.
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { buildTestApp, expectProblem } from '../../helper.ts'
import { multipart } from '../../multipart.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'

const LIMIT = 2 * 1024 * 1024
// The worker keeps the event loop free while a large body is read and refused: this is about it.
const h = await buildTestApp(t, { config: { importBodyLimit: LIMIT }, importWorker: true })
await h.authority('372')
const key = await h.key(['records:write', 'records:read'], ['372'])
const children = async () =>
  Number(
    (
      await h.db
        .selectFrom('children')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

const post = (url: string, payload: Buffer | string | object, headers: Record<string, string> = {}) =>
  h.call(key, { method: 'POST', url: `/v1/authorities/372${url}`, payload, headers })

// A gzip body of a few kilobytes that inflates far beyond the limit (here 64 MB of one repeated byte).
const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20))

t.test('a gzip body inflating past the limit is 413, counted after unzipping', async (t) => {
  t.ok(bomb.length < 100_000, `${bomb.length} bytes on the wire`)
  const res = await post('/imports', bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
  expectProblem(t, res, 413)
  t.equal(await children(), 0)
})

t.test('multipart: gzip files together past the limit are 413; too many files 413', async (t) => {
  const files = Array.from({ length: 5 }, (_v, i) => ({ name: `f${i}.csv.gz`, content: gzipSync(Buffer.alloc(LIMIT / 2, 0x41)) }))
  const { payload, headers } = multipart(files)
  t.match(expectProblem(t, await post('/imports/ssda903', payload, headers), 413), { detail: /files together are larger than/ })
  const many = multipart(Array.from({ length: 21 }, (_v, i) => ({ name: `f${i}.csv`, content: 'CHILD\r\n' })))
  expectProblem(t, await post('/imports/ssda903', many.payload, many.headers), 413)
  t.equal(await children(), 0)
})

t.test('a body cut short, absent, or not what it says: 4xx', async (t) => {
  const json = gzipSync(JSON.stringify({ children: [snapshotChild('C1', [snapshotEpisode('2024-05-02')])] }))
  t.match(
    expectProblem(t, await post('/imports', json.subarray(0, json.length - 12), { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 422),
    {
      detail: /gzip body ends early/,
    },
  )
  expectProblem(t, await h.call(key, { method: 'POST', url: '/v1/authorities/372/imports/ssda903' }), 400)
  expectProblem(t, await h.call(key, { method: 'POST', url: '/v1/authorities/372/imports' }), 400)
  expectProblem(t, await post('/imports', '{"children": [', { 'content-type': 'application/json' }), 400)
  const doctype = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><EXPSSDA903>&b;</EXPSSDA903>'
  t.match(expectProblem(t, await post('/imports/ssda903', doctype, { 'content-type': 'application/xml' }), 422), { detail: /DOCTYPE/ })
  const external = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><EXPSSDA903><CHILD>&e;</CHILD></EXPSSDA903>'
  expectProblem(t, await post('/imports/ssda903', external, { 'content-type': 'application/xml' }), 422)
  t.equal(await children(), 0)
})

t.test('U+0000 anywhere in an import: the JSON field named in a 400; in a 903 file a finding, never a 500', async (t) => {
  for (const [field, child] of [
    ['/children/0/childId', snapshotChild('C\u00001', [])],
    ['/children/0/ethnicity', snapshotChild('C1', [], { ethnicity: 'WB\u0000RI' })],
    ['/children/0/episodes/0/legalStatus', snapshotChild('C1', [snapshotEpisode('2024-05-02', { legalStatus: 'C\u00002' })])],
  ] as const) {
    const res = expectProblem(t, await post('/imports?mode=delta', { children: [child] }), 400)
    t.match(res.errors, [{ in: 'body', pointer: field }])
  }
  const header = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nA\u00001,F,14/06/2012,WBRI,,,\r\nA2,F,14/06/2012,WB\u0000RI,,,\r\n'
  const { payload, headers } = multipart([{ name: 'header.csv', content: header }])
  const res = await post('/imports/ssda903?mode=delta', payload, headers)
  t.equal(res.statusCode, 201, res.body.slice(0, 300))
  t.equal(res.json().counts.children.rejected, 2)
  const findings = (await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${res.json().id}/findings` })).json().items as Array<{
    message: string
    childId: string | null
  }>
  t.ok(
    findings.some((f) => f.message.includes('\\u0000')),
    'the finding shows the character instead of carrying it',
  )
  const manifest = multipart([{ name: 'header.csv', content: 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n' }], {
    manifest: '{"files": {"header\\u0000.csv": {"rows": 0}}}',
  })
  expectProblem(t, await post('/imports/ssda903', manifest.payload, manifest.headers), 400)
  t.equal(await children(), 0)
})

t.test('invalid partner records are findings; 100,000 invalid items in one record are a malformed body (400)', async (t) => {
  const child = snapshotChild('C1', [snapshotEpisode('2024-05-02')])
  const few = await post('/imports', {
    children: [child],
    pathwayPlans: [{ recordId: 'PP-1', childId: 'C1', planDate: '2024-06-01', reviews: ['x', 'y', '2024-07-01'] }],
  })
  t.equal(few.statusCode, 201, few.body.slice(0, 300))
  t.match(few.json(), { counts: { children: { inserted: 1 }, pathwayPlans: { rejected: 1 } }, errorCount: 2 })
  const plan = { recordId: 'PP-1', childId: 'C1', planDate: '2024-06-01', reviews: Array.from({ length: 100_000 }, () => 'x') }
  const started = performance.now()
  const res = await post('/imports', { children: [child], pathwayPlans: [plan] })
  const ms = performance.now() - started
  const problem = expectProblem(t, res, 400)
  t.match(problem.detail, /The body has more than 1000 schema errors \(checking stopped at \/pathwayPlans\/0\); the first 100 are listed/)
  t.equal(problem.errors?.length, 100)
  t.ok(ms < 20_000, `${Math.round(ms)} ms`)
})

t.test(
  'liveness stays quick while the worst inputs are refused',
  {
    skip: !process.env.TEST_DATABASE_URL && "the embedded database runs on the service's own thread, so imports do too: the guarantee is for PostgreSQL",
  },
  async (t) => {
    await h.app.listen({ port: 0, host: '127.0.0.1' })
    const address = h.app.server.address()
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    const probes: number[] = []
    let attacking = true
    const prober = (async () => {
      while (attacking) {
        const started = performance.now()
        await fetch(`${base}/health/live`).then((r) => r.arrayBuffer())
        probes.push(performance.now() - started)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    })()
    const auth = { authorization: `Bearer ${key}` }
    const files = multipart(Array.from({ length: 5 }, (_v, i) => ({ name: `f${i}.csv.gz`, content: gzipSync(Buffer.alloc(LIMIT / 2, 0x41)) })))
    const attacks = [
      () =>
        fetch(`${base}/v1/authorities/372/imports`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json', 'content-encoding': 'gzip' },
          body: bomb,
        }),
      () => fetch(`${base}/v1/authorities/372/imports/ssda903`, { method: 'POST', headers: { ...auth, ...files.headers }, body: files.payload }),
      () =>
        fetch(`${base}/v1/authorities/372/imports?dryRun=true`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            children: [],
            pathwayPlans: [{ recordId: 'PP-1', childId: 'C1', planDate: '2024-06-01', reviews: Array.from({ length: 100_000 }, () => 'x') }],
          }),
        }),
    ]
    const statuses: number[] = []
    for (let round = 0; round < 3; round++) {
      for (const r of await Promise.all(attacks.map((a) => a()))) {
        statuses.push(r.status)
        await r.arrayBuffer()
      }
    }
    attacking = false
    await prober
    const sorted = [...probes].sort((a, b) => a - b)
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0
    t.comment(
      `${probes.length} probes: median ${Math.round(sorted[sorted.length >> 1] ?? 0)} ms, p95 ${Math.round(p95)} ms, max ${Math.round(sorted.at(-1) ?? 0)} ms; statuses ${[...new Set(statuses)].join(', ')}`,
    )
    t.ok(
      statuses.every((s) => s >= 400 && s < 500 && s !== 429),
      'every attack refused with a 4xx',
    )
    t.ok(probes.length >= 5, 'liveness answered throughout')
    t.ok(p95 < 100, `liveness p95 ${Math.round(p95)} ms`)
  },
)
