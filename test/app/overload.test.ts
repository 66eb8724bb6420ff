import { connect } from 'node:net'
import t from 'tap'
import { buildTestApp, eventually, expectProblem, testDatabase } from '../helper.ts'

/** The process protects itself: it refuses work it cannot do in time, and cuts off slow senders. */
const handle = await testDatabase(t)
const SAMPLE_MS = 200
const busy = await buildTestApp(t, { handle, config: { overloadMaxEventLoopDelayMs: 50 }, overloadSampleMs: SAMPLE_MS })
const slow = await buildTestApp(t, { handle, config: { requestTimeoutMs: 600, headersTimeoutMs: 300 } })

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Keeps the event loop busy, as a burst of CPU-bound work would. */
function block(ms: number) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    // spin
  }
}

t.test('an overloaded process answers 503 problem+json with Retry-After at once; liveness still answers', async (t) => {
  const key = await busy.key(['admin'])
  // Start-up itself (compiling, migrating) can count as load: wait for the first quiet sample.
  const calm = await eventually(async () => (await busy.call(key, { method: 'GET', url: '/v1/authorities' })).statusCode === 200, 5000)
  t.ok(calm, 'not overloaded before the burst')

  block(3 * SAMPLE_MS)
  // The sampler, overdue, runs before this continuation: the process now counts as overloaded.
  await sleep(0)
  const [refused, write, live, ready] = [
    await busy.call(key, { method: 'GET', url: '/v1/authorities' }),
    await busy.call(key, { method: 'PUT', url: '/v1/authorities/372', payload: { name: 'Rotherham' } }),
    await busy.app.inject({ method: 'GET', url: '/health/live' }),
    await busy.app.inject({ method: 'GET', url: '/health/ready' }),
  ]
  const body = expectProblem(t, refused, 503)
  t.match(body.type, /overloaded$/)
  t.equal(refused.headers['retry-after'], '10')
  expectProblem(t, write, 503)
  t.equal(live.statusCode, 200, '/health/live is exempt')
  expectProblem(t, ready, 503)
  t.notOk(await handle.db.selectFrom('authorities').select('la').where('la', '=', '372').executeTakeFirst(), 'a refused write did nothing')

  // Two quiet samples later the process takes work again.
  await sleep(3 * SAMPLE_MS)
  t.equal((await busy.call(key, { method: 'GET', url: '/v1/authorities' })).statusCode, 200, 'recovered')
  t.ok(
    busy.logs.some((l) => /overloaded: refusing requests/.test(l)),
    'shedding is logged',
  )
})

/** Sends raw bytes and resolves with everything the server sent back once it closes the socket. */
function rawExchange(port: number, send: (write: (chunk: string) => void) => void): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => (text += d))
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? undefined : reject(err)))
    socket.on('close', () => resolve({ text, ms: Date.now() - started }))
    socket.on('connect', () => send((chunk) => socket.writable && socket.write(chunk)))
  })
}

t.test('a client sending its body slowly is cut off at REQUEST_TIMEOUT_MS with 408 problem+json', async (t) => {
  await slow.app.listen({ port: 0, host: '127.0.0.1' })
  const address = slow.app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const key = await slow.key(['admin'])

  let trickle: NodeJS.Timeout | undefined
  const body = await rawExchange(port, (write) => {
    write(
      `PUT /v1/authorities/372 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":`,
    )
    // A byte every 100 ms keeps the socket busy, so only the whole-request limit can stop it.
    trickle = setInterval(() => write(' '), 100)
  })
  clearInterval(trickle)
  t.match(body.text, /^HTTP\/1\.1 408 /)
  t.match(body.text, /content-type: application\/problem\+json/i)
  const problem = JSON.parse(body.text.slice(body.text.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>
  t.match(problem, { status: 408, title: 'Request Timeout' })
  t.match(String(problem.requestId), /^[0-9a-f-]{36}$/)
  t.ok(body.ms >= 550 && body.ms < 3000, `cut off after ${body.ms} ms (limit 600 ms)`)
  t.notOk(await handle.db.selectFrom('authorities').select('la').where('la', '=', '372').executeTakeFirst(), 'nothing was written')

  const headers = await rawExchange(port, (write) => write('GET /health/live HTTP/1.1\r\nHost: x\r\n'))
  t.match(headers.text, /^HTTP\/1\.1 408 /, 'headers that never end are cut off too')
  t.ok(headers.ms < 3000, `after ${headers.ms} ms (limit 300 ms)`)
})
