import t from 'tap'
import { readFileSync } from 'node:fs'
import { parseByWhen } from '../../../src/domain/action-plan/due-date.ts'
import { dueDateChangesInWording, resetDueDate } from '../../../src/domain/action-plan/due-date-history.ts'
import { parseActionPlanCsv } from '../../../src/domain/action-plan/import.ts'

const due = (w: string) => {
  const b = parseByWhen(w)
  return [b.kind, b.dueDate]
}

t.test('the wordings the issue names', async (t) => {
  t.same(due('End of June 2026'), ['date', '2026-06-30'])
  t.same(due('Nov 2026'), ['date', '2026-11-30'], 'a month is due on its last day')
  t.same(due('End of spring term 2026'), ['date', '2026-04-02'], 'Thursday before Good Friday 3 April 2026')
  t.same(due('Summer 2026'), ['date', '2026-08-31'])
  t.same(due('March 2026'), ['date', '2026-03-31'])
  t.same(due('31/03/2026'), ['date', '2026-03-31'])
  t.same(due('Ongoing Monitoring Required'), ['ongoing', null])
  t.same(due('ongoing'), ['ongoing', null])
  t.same(due('BAU'), ['ongoing', null])
  t.same(due(''), ['none', null])
  t.same(due('   '), ['none', null])
  t.same(due('TBC'), ['unparsed', null])
  t.same(due('Quarter 1 2026'), ['unparsed', null], 'calendar or financial quarter: not guessed')
  t.same(due('Commence by 30th June 2025'), ['unparsed', null], 'a start milestone alone is no due date')
  t.same(due('Ongoing - review March 2026'), ['date', '2026-03-31'], 'a written date wins over "ongoing"')
})

t.test('the wording is kept', async (t) => {
  const b = parseByWhen('  End of March 2026 (for DfE annual return) ')
  t.equal(b.wording, 'End of March 2026 (for DfE annual return)')
  t.equal(b.dueDate, '2026-03-31')
  t.equal(b.precision, 'month')
  t.same(
    b.phrases.map((p) => [p.text, p.role]),
    [['End of March 2026', 'due']],
  )
})

t.test('a re-set in the cell: the last date is due, earlier ones superseded', async (t) => {
  const b = parseByWhen('Oct/Nov 2025 Spring 2026')
  t.equal(b.dueDate, '2026-05-31')
  t.equal(b.precision, 'season')
  t.same(
    b.phrases.map((p) => [p.text, p.role, p.to]),
    [
      ['Oct/Nov 2025', 'superseded', '2025-11-30'],
      ['Spring 2026', 'due', '2026-05-31'],
    ],
  )
  t.same(dueDateChangesInWording(b), [
    { from: '2025-11-30', fromWording: 'Oct/Nov 2025', to: '2026-05-31', toWording: 'Spring 2026', reason: null, changedOn: null },
  ])
})

t.test('a start milestone is not the due date', async (t) => {
  const b = parseByWhen('Commence by 30th June 2025 Dec 2025 complete')
  t.equal(b.kind, 'date')
  t.equal(b.dueDate, '2025-12-31')
  t.same(
    b.phrases.map((p) => [p.text, p.role]),
    [
      ['30th June 2025', 'commence'],
      ['Dec 2025', 'due'],
    ],
  )
  t.same(dueDateChangesInWording(b), [], 'a start milestone is not a re-set')
})

// Every By When in the 2025 plan, with the due date we read from it (hand-checked).
const FIXTURE_BY_WHEN: Record<string, [string, string | null]> = {
  'October 2025': ['date', '2025-10-31'],
  'May 2025': ['date', '2025-05-31'],
  '26th December 2025': ['date', '2025-12-26'],
  'December 2025': ['date', '2025-12-31'],
  'End of May 2026': ['date', '2026-05-31'],
  'End of June 2026': ['date', '2026-06-30'],
  'August 2026': ['date', '2026-08-31'],
  'Nov 2026': ['date', '2026-11-30'],
  'July 2025': ['date', '2025-07-31'],
  'March 2026': ['date', '2026-03-31'],
  'Dec 2025': ['date', '2025-12-31'],
  'January 2026': ['date', '2026-01-31'],
  'Complete Nov 2025': ['date', '2025-11-30'],
  '': ['none', null],
  'End of March 2026 (for DfE annual return)': ['date', '2026-03-31'],
  'Commence by 30th June 2025 Dec 2025 complete': ['date', '2025-12-31'],
  'Ongoing Monitoring Required': ['ongoing', null],
  'July 2026': ['date', '2026-07-31'],
  'Oct/Nov 2025 Spring 2026': ['date', '2026-05-31'],
  'End of spring term 2026': ['date', '2026-04-02'],
  '4th March 2026': ['date', '2026-03-04'],
}

t.test('every By When in the 2025 plan parses (none is unparsed)', async (t) => {
  const plan = parseActionPlanCsv(readFileSync(new URL('../../fixtures/action-plan-2025.csv', import.meta.url), 'utf8'))
  const seen = new Set(plan.actions.map((a) => a.byWhen))
  t.same([...seen].sort(), Object.keys(FIXTURE_BY_WHEN).sort(), 'the table above lists exactly the wordings in the plan')
  for (const [wording, expected] of Object.entries(FIXTURE_BY_WHEN)) t.same(due(wording), expected, JSON.stringify(wording))
  t.same(
    plan.actions.filter((a) => a.dueDateKind === 'unparsed').map((a) => a.byWhen),
    [],
    'unparsed By When values',
  )
  t.same(
    plan.actions.filter((a) => a.dueDateKind === 'none').map((a) => a.ref),
    ['4.1.3', '4.1.4', '5.1.1', '5.1.2', '5.2.3', '5.3.2', '5.3.3', '5.3.4'],
    'blank By When cells',
  )
})

t.test('resetDueDate keeps every change with its reason and day', async (t) => {
  const start = { byWhen: 'Nov 2025', dueDate: '2025-11-30', history: [] }
  const once = resetDueDate(start, {
    byWhen: 'Spring 2026',
    reason: 'national guidance not yet published',
    changedOn: '2026-02-10',
  })
  t.same(once, {
    byWhen: 'Spring 2026',
    dueDate: '2026-05-31',
    history: [
      {
        from: '2025-11-30',
        fromWording: 'Nov 2025',
        to: '2026-05-31',
        toWording: 'Spring 2026',
        reason: 'national guidance not yet published',
        changedOn: '2026-02-10',
      },
    ],
  })
  const twice = resetDueDate(once, { byWhen: 'Ongoing', dueDate: null, reason: ' now BAU ', changedOn: '2026-03-24' })
  t.equal(twice.dueDate, null)
  t.equal(twice.history.length, 2)
  t.equal(twice.history[1]?.reason, 'now BAU')
  t.equal(start.history.length, 0, 'the state passed in is not changed')
  const explicit = resetDueDate(start, { byWhen: 'end of term', dueDate: '2026-07-22', reason: 'r', changedOn: '2026-01-05' })
  t.equal(explicit.dueDate, '2026-07-22', 'an explicit date wins over the wording')
  t.throws(() => resetDueDate(start, { byWhen: 'May 2026', reason: '  ', changedOn: '2026-01-05' }), RangeError)
  t.throws(() => resetDueDate(start, { byWhen: 'May 2026', reason: 'r', changedOn: '5/1/26' }), RangeError)
  t.throws(() => resetDueDate(start, { byWhen: 'May 2026', dueDate: '2026-02-30', reason: 'r', changedOn: '2026-01-05' }), RangeError)
})
