import t from 'tap'
import { csvOfRows, toCsv } from '../../src/domain/csv.ts'

t.test('quoting, formulas, numbers, blanks', async (t) => {
  t.equal(
    toCsv(
      ['a', 'b', 'c', 'd', 'e'],
      [
        { a: 'plain', b: 'with, comma', c: 'say "hi"', d: 12.5, e: null },
        { a: '=cmd()', b: true, c: 'two\nlines', d: Number.NaN },
      ],
    ),
    'a,b,c,d,e\r\nplain,"with, comma","say ""hi""",12.5,\r\n\'=cmd(),true,"two\nlines",,\r\n',
  )
})

t.test('every formula start is guarded in text, not in numbers', async (t) => {
  t.equal(csvOfRows(['x'], [['+1'], ['-1'], ['@a'], ['\tb'], [-1]]), "x\r\n'+1\r\n'-1\r\n'@a\r\n'\tb\r\n-1\r\n")
})

t.test('for a machine: values exactly as held, flags as digits, edge spaces quoted', async (t) => {
  t.equal(
    csvOfRows(
      ['id', 'flag', 'text'],
      [
        ['-12', true, ' padded'],
        ['=A1', false, undefined],
      ],
      { guardFormulas: false, booleans: 'digits' },
    ),
    'id,flag,text\r\n-12,1," padded"\r\n=A1,0,\r\n',
  )
})
