// The log redaction itself: every personal field, wherever a logged object holds it, reaches the log
// as [redacted]; query strings and a driver error's detail never do.
import { Writable } from 'node:stream'
import pino from 'pino'
import t from 'tap'
import { loggerOptions, PERSONAL_FIELDS } from '../../src/http/logging.ts'

function capture() {
  const lines: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'))
      done()
    },
  })
  return { log: pino(loggerOptions('info'), sink), lines }
}

t.test('every personal field is redacted at the top, nested, and in a body', async (t) => {
  const { log, lines } = capture()
  const values = Object.fromEntries(PERSONAL_FIELDS.map((f) => [f, `secret-${f}`]))
  log.info(values, 'top')
  log.info({ child: values }, 'nested')
  log.info({ record: { child: values } }, 'twice nested')
  log.info({ body: { records: [values] } }, 'a body')
  const out = lines.join('')
  for (const f of PERSONAL_FIELDS) t.notMatch(out, `secret-${f}`, `${f} never reaches the log`)
  t.match(out, /\[redacted\]/)
})

t.test('a request is logged without its query string or authorization', async (t) => {
  const { log, lines } = capture()
  const req = {
    method: 'GET',
    url: '/v1/authorities/372/children?nhsNumber=9434765919',
    routeOptions: { url: '/v1/authorities/:la/children' },
    ip: '127.0.0.1',
    headers: { authorization: 'Bearer cpds_abc' },
  }
  log.info({ req }, 'request')
  const out = lines.join('')
  t.notMatch(out, /9434765919/)
  t.notMatch(out, /cpds_abc/)
  t.match(out, /children\?\[redacted\]/)
})

t.test("a database error keeps its code and message, never the driver's detail", async (t) => {
  const { log, lines } = capture()
  const err = Object.assign(new Error('duplicate key value violates unique constraint "children_pkey"'), {
    code: '23505',
    detail: 'Key (la, child_id)=(372, C1) already exists; date_of_birth 2012-06-14',
  })
  log.error({ err }, 'request failed')
  const out = lines.join('')
  t.match(out, /23505/)
  t.notMatch(out, /2012-06-14/)
  t.notMatch(out, /already exists/)
})
