import fc from 'fast-check'
import t from 'tap'
import { negotiate } from '../../src/http/accept.ts'

const OFFERED = ['application/json', 'text/csv'] as const

t.test('the offered type the Accept header rates highest; the first on a tie or with no header', async (t) => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, 'application/json'],
    ['', 'application/json'],
    ['*/*', 'application/json'],
    ['text/csv', 'text/csv'],
    ['text/*', 'text/csv'],
    ['text/csv, application/json', 'application/json'],
    ['application/json;q=0.5, text/csv', 'text/csv'],
    ['text/csv;q=0.9, */*;q=0.1', 'text/csv'],
    ['application/json, text/csv;q=0.5', 'application/json'],
    ['TEXT/CSV', 'text/csv'],
    ['text/csv; charset=utf-8', 'text/csv'],
    ['application/xml', 'application/json'],
    ['text/csv;q=abc', 'text/csv'], // a q that is no number is ignored
    ['garbage', 'application/json'],
  ]
  for (const [accept, expected] of cases) t.equal(negotiate(accept, OFFERED), expected, String(accept))
})

t.test('whatever the header, one of the offered types comes back', async (t) => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (accept) => OFFERED.includes(negotiate(accept, OFFERED))),
    { numRuns: 500 },
  )
  t.pass()
})
