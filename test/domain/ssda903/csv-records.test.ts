// The unquoted fast path reads a file exactly as csv-parse does with the 903 reader's options.
import t from 'tap'
import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { isDeepStrictEqual } from 'node:util'
import { CSV_OPTIONS, csvRecords } from '../../../src/domain/ssda903/csv-records.ts'

const viaCsvParse = (text: string) => parse(text, CSV_OPTIONS) as string[][]

// The characters that matter to the reading (delimiters, every line ending, the white space csv-parse
// trims on the left and the right) among ordinary ones.
const unquoted = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.constantFrom(',', '\n', '\r', '\r\n', ' ', '\t', '\f', '\u00a0', '\u2028', 'A', 'b', '1', '/', '-', 'é', '', '\uFEFF', '\v'), {
      maxLength: 60,
    }),
  )
  .map(([bom, parts]) => (bom ? '\uFEFF' : '') + parts.join(''))

t.test('any text without quotes: the same records as csv-parse, each on its own line', async (t) => {
  const result = fc.check(
    fc.property(unquoted, (text) => {
      const read = csvRecords(text)
      return read.lines === null && isDeepStrictEqual(read.records, viaCsvParse(text))
    }),
    { numRuns: 3000 },
  )
  t.notOk(result.failed, `no text read differently (${result.numRuns} texts); counterexample: ${JSON.stringify(result.counterexample)}`)
})

t.test('edges, by hand', async (t) => {
  const cases: Array<[string, string[][]]> = [
    ['', []],
    ['\uFEFF', []],
    ['\n', [['']]],
    ['a\n\t', [['a']]],
    ['a\n\t\n', [['a'], ['']]],
    ['a,b\r\n\r\n c ,d\t\n', [['a', 'b'], [''], ['c', 'd']]],
    ['a\rb\nc\r\nd', [['a'], ['b'], ['c'], ['d']]],
    [',,\n', [['', '', '']]],
  ]
  for (const [text, records] of cases) {
    t.same(csvRecords(text).records, records, JSON.stringify(text))
    t.same(viaCsvParse(text), records, `csv-parse agrees on ${JSON.stringify(text)}`)
  }
})

t.test('a quoted file goes to csv-parse, with the line each record starts on', async (t) => {
  const text = 'CHILD,NOTE\n1,"two\nlines"\n2,plain\n'
  const read = csvRecords(text)
  t.same(read.records, [
    ['CHILD', 'NOTE'],
    ['1', 'two\nlines'],
    ['2', 'plain'],
  ])
  t.same(read.lines, [1, 3, 4])
  t.throws(() => csvRecords('a,"b\n'), "an unclosed quote is csv-parse's error")
})
