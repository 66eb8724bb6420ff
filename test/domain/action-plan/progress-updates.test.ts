import t from 'tap'
import fc from 'fast-check'
import { splitProgressUpdates } from '../../../src/domain/action-plan/progress-updates.ts'

const brief = (cell: string) => splitProgressUpdates(cell).map((e) => [e.dateWording, e.date, e.dateTo, e.body])

t.test('4.3.2 of the 2025 plan, first paragraph', async (t) => {
  const cell =
    "3/7/25 There will be a SDQ sub-group, first meeting 9th July. 15/7/25 - Meeting on the 9th hasn't gone ahead, meeting arranged for 30/7/25. 30/7/25 meeting for SDQ gone ahead."
  const entries = splitProgressUpdates(cell)
  t.same(
    entries.map((e) => [e.dateWording, e.date, e.dateTo, e.precision]),
    [
      ['3/7/25', '2025-07-03', '2025-07-03', 'day'],
      ['15/7/25', '2025-07-15', '2025-07-15', 'day'],
      ['30/7/25', '2025-07-30', '2025-07-30', 'day'],
    ],
  )
  t.same(
    entries.map((e) => e.text),
    [
      '3/7/25 There will be a SDQ sub-group, first meeting 9th July.',
      "15/7/25 - Meeting on the 9th hasn't gone ahead, meeting arranged for 30/7/25.",
      '30/7/25 meeting for SDQ gone ahead.',
    ],
    'verbatim, label included; a date inside a sentence stays where it is',
  )
  t.same(
    entries.map((e) => e.body),
    [
      'There will be a SDQ sub-group, first meeting 9th July.',
      "Meeting on the 9th hasn't gone ahead, meeting arranged for 30/7/25.",
      'meeting for SDQ gone ahead.',
    ],
  )
})

t.test('month labels run from the 1st to the last day of the month', async (t) => {
  t.same(brief('Jan-26: To re-run the numbers.\nFeb-26: The SDQ process was revised.'), [
    ['Jan-26', '2026-01-01', '2026-01-31', 'To re-run the numbers.'],
    ['Feb-26', '2026-02-01', '2026-02-28', 'The SDQ process was revised.'],
  ])
  t.same(brief('7/25 in process, plan to present 23/7/25.'), [['7/25', '2025-07-01', '2025-07-31', 'in process, plan to present 23/7/25.']])
  t.same(brief('Oct/Nov 2025. Currently with Execs and awaiting outcome.\nGovernment announcement.'), [
    ['Oct/Nov 2025', '2025-10-01', '2025-11-30', 'Currently with Execs and awaiting outcome.\nGovernment announcement.'],
  ])
  t.same(brief('March 2025 saw a review.'), [['March 2025', '2025-03-01', '2025-03-31', 'saw a review.']])
})

t.test('text before the first date is an undated entry', async (t) => {
  const cell =
    'The local authority aims to ensure there are sufficient accommodation options.\nDec 25: a cross-Council working group has been established.\nThere is continuous support to foster carers.'
  t.same(splitProgressUpdates(cell), [
    {
      dateWording: null,
      date: null,
      dateTo: null,
      precision: null,
      text: 'The local authority aims to ensure there are sufficient accommodation options.',
      body: 'The local authority aims to ensure there are sufficient accommodation options.',
    },
    {
      dateWording: 'Dec 25',
      date: '2025-12-01',
      dateTo: '2025-12-31',
      precision: 'month',
      text: 'Dec 25: a cross-Council working group has been established.\nThere is continuous support to foster carers.',
      body: 'a cross-Council working group has been established.\nThere is continuous support to foster carers.',
    },
  ])
})

t.test('dates that do not start an entry', async (t) => {
  t.same(brief('There has been a celebration event on 11th August 2025.'), [[null, null, null, 'There has been a celebration event on 11th August 2025.']])
  t.same(
    brief('3/7/25 To be incorporated. Declined RHA Assurance Document produced. Sept 2025'),
    [['3/7/25', '2025-07-03', '2025-07-03', 'To be incorporated. Declined RHA Assurance Document produced. Sept 2025']],
    'a date closing the cell annotates the entry it ends',
  )
  t.same(brief('22.10.25. Templates to be established Nov 2025.\nTemplate complete.'), [
    ['22.10.25', '2025-10-22', '2025-10-22', 'Templates to be established Nov 2025.\nTemplate complete.'],
  ])
  t.same(brief('Meeting held on the 27/09/2025, some issues.'), [[null, null, null, 'Meeting held on the 27/09/2025, some issues.']])
})

t.test('other label forms', async (t) => {
  t.same(brief('Training plan done. 01.10.25 Training delivered.'), [
    [null, null, null, 'Training plan done.'],
    ['01.10.25', '2025-10-01', '2025-10-01', 'Training delivered.'],
  ])
  const bulleted = splitProgressUpdates('Updates:\n- 12.03.25 - first\n  • March 2025 – second')
  t.same(
    bulleted.map((e) => [e.dateWording, e.text, e.body]),
    [
      [null, 'Updates:', 'Updates:'],
      ['12.03.25', '- 12.03.25 - first', 'first'],
      ['March 2025', '• March 2025 – second', 'second'],
    ],
    'a bulleted entry starts at its bullet',
  )
  t.same(brief('15/7/25 903 results 91 %'), [['15/7/25', '2025-07-15', '2025-07-15', '903 results 91 %']])
  t.same(brief('Feb-26\nPlans made.'), [['Feb-26', '2026-02-01', '2026-02-28', 'Plans made.']], 'a label on its own line')
  t.same(splitProgressUpdates(''), [])
  t.same(splitProgressUpdates('  \n '), [])
})

t.test('no text is lost or reordered', async () => {
  const piece = fc.constantFrom('3/7/25 ', 'Feb-26: ', '15/7/25 - ', 'Dec 25 ', 'Meeting held. ', 'on 30/7/25 ', '\n', 'text ', 'Sept 2025', '. ', ' ')
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
      const cell = pieces.join('')
      const entries = splitProgressUpdates(cell)
      const squash = (s: string) => s.replace(/\s+/g, '')
      return squash(entries.map((e) => e.text).join('')) === squash(cell) && entries.every((e) => e.text !== '')
    }),
  )
})
