import t from 'tap'
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { countByStatus, parseActionPlanCsv, parseActionPlanJson } from '../../../src/domain/action-plan/import.ts'

/*
 * test/fixtures/action-plan-2025.csv is Appendix 1 of Rotherham's Corporate Parenting Partnership Board
 * annual report 2025 (seed 000_cd09a82ccbf9c5bd.txt, from "1. Priority 1" to the end), one CSV row per
 * table row, in order, words unchanged. The priority headings, which sit above each table in the
 * report, are rows whose first cell is the heading ("2. Priority 2 – Leaving Care, ..."). The header row
 * the report repeats at each page break is given once. The seed's cell markup is turned into text:
 * paragraphs become lines, list items "- " lines, bold is dropped and "&amp;" is "&".
 */
const fixture = readFileSync(new URL('../../fixtures/action-plan-2025.csv', import.meta.url), 'utf8')
const plan = parseActionPlanCsv(fixture)

t.test('the 2025 plan: 42 sub-actions across 6 priorities', async (t) => {
  t.equal(plan.actions.length, 42, 'the annual report: "There were 42 sub actions"')
  t.same(
    plan.priorities.map((p) => [p.number, p.title]),
    [
      [1, 'Promoting and celebrating success, ambition and aspiration for Children in Care and Care Leavers'],
      [2, 'Leaving Care, Transitions and Preparing for Adulthood (PFA)'],
      [3, 'Suitable accommodation and placement sufficiency for Children in Care and Care Leavers'],
      [4, 'Good health and emotional wellbeing including Mental Health and recognition of neurodiversity'],
      [5, 'Education, Employment and Training'],
      [6, 'Fostering – Family Based Care'],
    ],
  )
  const perPriority = plan.priorities.map((p) => plan.actions.filter((a) => a.priority === p.number).length)
  t.same(perPriority, [4, 10, 2, 14, 10, 2])
  t.same(
    plan.actions.map((a) => a.ref),
    [
      '1.1',
      '1.2',
      '1.3',
      '1.4',
      '2.1.1',
      '2.1.2',
      '2.1.3',
      '2.1.4',
      '21.5',
      '2.2.1',
      '2.2.2',
      '2.2.3',
      '2.2.4',
      '2.2.5',
      '3.1',
      '3.2',
      '4.1.1',
      '4.1.2',
      '4.1.3',
      '4.1.4',
      '4.2.1',
      '4.2.2',
      '4.3.1',
      '4.3.2',
      '4.3.3',
      '4.3.4',
      '4.3.5',
      '4.4.1',
      '4.4.2',
      '4.4.3',
      '5.1.1',
      '5.1.2',
      '5.2.1',
      '5.2.2',
      '5.2.3',
      '5.2.4',
      '5.3.1',
      '5.3.2',
      '5.3.3',
      '5.3.4',
      '6.1',
      '6.2',
    ],
  )
  t.same(
    plan.priorities.map((p) => p.sections.map((s) => s.ref)),
    [[], ['2.1', '2.2'], [], ['4.1', '4.2', '4.3', '4.4'], ['5.1', '5.2', '5.3'], []],
  )
  t.same(plan.priorities[4]?.sections[2]?.notes, ['Care Leavers need to be in education, employment, or training'])
  t.match(plan.priorities[5]?.champions, /^Councillor Ismail - Mayor {2}Jane Wood - Head of Children in Care/)
  t.ok(plan.priorities.every((p) => p.champions !== null && p.notes.length === 0))
  t.same(plan.notes, [])
})

t.test('counts by status match the appendix', async (t) => {
  // Counted by hand from the appendix of the 2025 annual report (its "progress of actions" chart is an
  // image that the seed text does not carry; the text says "42 sub actions" and "The three actions noted
  // as 'awaiting start'"):
  //   Complete 25 as "Complete" (P1 4, P2 2, P3 1, P4 7, P5 9, P6 0) + 4.3.3 "Complete. (Review where
  //   further issues are raised)." + 6.2 "Complete – it has become BAU ..." = 27 complete, of which
  //   4.4.3 "Complete but ongoing monitoring required" is complete_monitoring: complete 26 + 1.
  //   In progress 10: 2.1.1 2.1.2 2.2.3 2.2.4 3.2 4.3.4 4.3.5 4.4.1 5.2.4 6.1.
  //   Awaiting start 3: 2.1.3 2.1.4 21.5.   Delayed 2: 2.2.5 4.1.1.   26 + 1 + 10 + 3 + 2 = 42.
  t.same(countByStatus(plan.actions), {
    not_started: 0,
    awaiting_start: 3,
    in_progress: 10,
    delayed: 2,
    complete: 26,
    complete_monitoring: 1,
    obsolete: 0,
    unknown: 0,
  })
  const wordings = new Map<string, number>()
  for (const a of plan.actions) wordings.set(a.statusWording, (wordings.get(a.statusWording) ?? 0) + 1)
  t.same(
    Object.fromEntries(wordings),
    {
      Complete: 24,
      'In progress': 10,
      'Awaiting start': 3,
      Delayed: 2,
      'Complete. (Review where further issues are raised).': 1,
      'Complete but ongoing monitoring required': 1,
      'Complete – it has become BAU and will remain a focus as we go into any new arrangement post March 27.': 1,
    },
    'statuses kept as written',
  )
})

t.test('the misnumbered ref 21.5 is kept and flagged; nothing else is', async (t) => {
  const a = plan.actions.find((x) => x.ref === '21.5')
  t.equal(a?.priority, 2)
  t.equal(a?.section, '2.1')
  t.same(a?.refParts, [21, 5])
  t.equal(a?.row, 15)
  t.same(plan.findings, [
    {
      severity: 'warning',
      code: 'ref_misfit',
      message: 'ref 21.5 does not fit priority 2 or section 2.1 (perhaps 2.1.5); kept as written',
      row: 15,
      ref: '21.5',
      field: 'Ref',
      value: '21.5',
    },
    {
      severity: 'info',
      code: 'due_date_reset',
      message: 'due date re-set within the cell: "Oct/Nov 2025 Spring 2026"',
      row: 43,
      ref: '4.4.1',
      field: 'By When',
      value: 'Oct/Nov 2025 Spring 2026',
    },
  ])
})

t.test('actions read from the fixture (hand-checked)', async (t) => {
  const byRef = new Map(plan.actions.map((a) => [a.ref, a]))
  const a441 = byRef.get('4.4.1')
  t.equal(a441?.byWhen, 'Oct/Nov 2025 Spring 2026')
  t.equal(a441?.dueDate, '2026-05-31')
  t.same(a441?.dueDateHistory, [{ from: '2025-11-30', fromWording: 'Oct/Nov 2025', to: '2026-05-31', toWording: 'Spring 2026', reason: null, changedOn: null }])
  t.same(
    a441?.progressUpdates.map((e) => [e.dateWording, e.date, e.dateTo]),
    [
      ['7/25', '2025-07-01', '2025-07-31'],
      ['Oct/Nov 2025', '2025-10-01', '2025-11-30'],
      ['Feb-26', '2026-02-01', '2026-02-28'],
    ],
  )
  const a433 = byRef.get('4.3.3')
  t.equal(a433?.commenceBy, '2025-06-30')
  t.equal(a433?.dueDate, '2025-12-31')
  t.equal(a433?.status, 'complete')
  t.equal(a433?.statusQualifier, '(Review where further issues are raised).')
  const a443 = byRef.get('4.4.3')
  t.equal(a443?.status, 'complete_monitoring')
  t.equal(a443?.statusWording, 'Complete but ongoing monitoring required')
  t.equal(a443?.writtenRag, null)
  const a521 = byRef.get('5.2.1')
  t.equal(a521?.byWhen, 'End of spring term 2026')
  t.equal(a521?.dueDate, '2026-04-02')
  t.equal(a521?.dueDatePrecision, 'term')
  const a434 = byRef.get('4.3.4')
  t.equal(a434?.dueDateKind, 'ongoing')
  t.equal(a434?.dueDate, null)
  t.same(
    byRef.get('4.3.2')?.progressUpdates.map((e) => [e.dateWording, e.date]),
    [
      ['3/7/25', '2025-07-03'],
      ['15/7/25', '2025-07-15'],
      ['30/7/25', '2025-07-30'],
      ['01.10.25', '2025-10-01'],
      ['Jan-26', '2026-01-01'],
      ['Feb-26', '2026-02-01'],
    ],
  )
  const a61 = byRef.get('6.1')
  t.equal(a61?.leadOfficer, 'Vicky Chew – Service Manager Fostering\nRichard Fisher – Service Manager Residential Care Services.')
  t.same(a61?.leadOfficers, ['Vicky Chew – Service Manager Fostering', 'Richard Fisher – Service Manager Residential Care Services.'])
  t.match(a61?.progressUpdate, /digital marketing campaign\.\nImproved governance/, 'multi-line cells kept')
  t.same(byRef.get('5.3.4')?.leadOfficers, [])
  t.equal(
    byRef.get('4.3.5')?.action,
    'NEW ACTION (follow on from 4.3.3):\nQuality Assurance and dip sampling with regard to the timely access of mental health support for children in care.',
  )
  const undated = plan.actions.filter((a) => a.progressUpdates.every((e) => e.date === null)).map((a) => a.ref)
  t.same(undated, [
    '1.1',
    '1.2',
    '1.3',
    '1.4',
    '2.1.1',
    '2.1.2',
    '2.1.3',
    '2.1.4',
    '21.5',
    '2.2.1',
    '2.2.2',
    '2.2.3',
    '2.2.4',
    '3.2',
    '5.1.1',
    '5.1.2',
    '5.2.1',
    '5.2.2',
    '5.2.3',
    '5.2.4',
    '5.3.1',
    '5.3.2',
    '5.3.3',
    '5.3.4',
    '6.1',
    '6.2',
  ])
  t.same(byRef.get('2.1.3')?.progressUpdates, [], 'a blank Progress Update has no entries')
})

const HEADER = 'Ref,Action,Progress Update,Lead Officer,By When,RAG Status'

t.test('row kinds, repeated headers and blank rows', async (t) => {
  const csv = [
    'Corporate Parenting Action Plan',
    HEADER,
    'Priority 1 – Success,,,,,',
    'Councillor A - Chair,,,,,',
    '1.1,Hold events,,Jo Hacking,October 2025,Complete',
    '',
    HEADER,
    '1.2,Promote events,"3/7/25 Started.\r\nFeb-26: Done.",Jo Hacking,,In progress',
    'A note under the priority,,,,,',
  ].join('\r\n')
  const r = parseActionPlanCsv(csv)
  t.same(r.notes, ['Corporate Parenting Action Plan'], 'a title above the header is kept as a note')
  t.same(
    r.actions.map((a) => [a.row, a.ref, a.priority, a.status]),
    [
      [5, '1.1', 1, 'complete'],
      [8, '1.2', 1, 'in_progress'],
    ],
    'rows are spreadsheet rows: the title, header and blank line count',
  )
  t.equal(r.actions[1]?.progressUpdate, '3/7/25 Started.\nFeb-26: Done.', 'Windows line ends inside a cell become \\n')
  t.same(r.priorities[0]?.notes, ['A note under the priority'])
  t.equal(r.priorities[0]?.champions, 'Councillor A - Chair')
  t.same(r.findings, [], 'no findings')
})

t.test('findings name the row and field; nothing is dropped', async (t) => {
  const csv = [
    HEADER,
    '0.9,Before any priority,,,,Complete',
    'Priority 1 - One,,,,,',
    'Champions,,,,,',
    '1.1,First,,,Whenever,Finished-ish',
    '1.1,Again,,,,Amber - Red',
    ',No ref,,,,',
    'x.1,Bad ref,,,,Delayed',
    '1.2,,,,,Complete',
    '3.1 A section in the wrong priority,,,,,',
    'Priority 1 - One again,,,,,',
  ].join('\n')
  const r = parseActionPlanCsv(csv)
  t.equal(r.actions.length, 6)
  t.same(
    r.findings.map((f) => [f.row, f.code, f.field, f.ref, f.value]),
    [
      [2, 'no_priority', 'Ref', '0.9', '0.9'],
      [5, 'unparsed_by_when', 'By When', '1.1', 'Whenever'],
      [5, 'unknown_status', 'RAG Status', '1.1', 'Finished-ish'],
      [6, 'duplicate_ref', 'Ref', '1.1', '1.1'],
      [6, 'ambiguous_status', 'RAG Status', '1.1', 'Amber - Red'],
      [7, 'missing_ref', 'Ref', null, ''],
      [7, 'missing_status', 'RAG Status', null, ''],
      [8, 'unparsable_ref', 'Ref', 'x.1', 'x.1'],
      [10, 'ref_misfit', 'Ref', '3.1', '3.1 A section in the wrong priority'],
      [11, 'duplicate_priority', 'Ref', null, 'Priority 1 - One again'],
    ],
  )
  t.equal(r.findings.find((f) => f.code === 'duplicate_ref')?.message, 'ref 1.1 is also used at row 5; both kept')
  t.same(
    r.actions.map((a) => a.priority),
    [null, 1, 1, 1, 1, 1],
  )
  t.equal(r.priorities.length, 1)
  t.equal(r.priorities[0]?.title, 'One', 'the first heading is kept')
  t.equal(r.actions[5]?.action, '', 'a row with only a status is still an action')
})

t.test('a Priority column places rows without headings', async (t) => {
  const csv = [
    'Priority,Ref,Action,Progress Update,Lead Officer,By When,RAG Status,Notes',
    '"Priority 2 - Leaving care",2.1.1,Redesign plans,,Kim Wilson,End of May 2026,In progress,x',
    '2,2.1.2,Integrate templates,,,Nov 2026,Awaiting start,',
    '3,4.1,Misplaced,,,,Complete,',
    'P?,5.1,Unknown priority,,,,Complete,',
    '4,,,,,,,',
    '4,Champions of four,,,,,,',
  ].join('\n')
  const r = parseActionPlanCsv(csv)
  t.same(
    r.priorities.map((p) => [p.number, p.title, p.heading, p.row, p.champions]),
    [
      [2, 'Leaving care', null, null, null],
      [3, '', null, null, null],
      [4, '', null, null, 'Champions of four'],
    ],
  )
  t.same(
    r.actions.map((a) => [a.ref, a.priority]),
    [
      ['2.1.1', 2],
      ['2.1.2', 2],
      ['4.1', 3],
      ['5.1', 3],
    ],
  )
  t.same(
    r.findings.map((f) => [f.row, f.code, f.field]),
    [
      [1, 'unknown_column', null],
      [4, 'ref_misfit', 'Ref'],
      [5, 'unknown_priority', 'Priority'],
      [5, 'ref_misfit', 'Ref'],
    ],
  )
})

t.test('header problems', async (t) => {
  const missing = parseActionPlanCsv('Ref,Progress Update\n1.1,x\n')
  t.same(missing.actions, [])
  t.same(
    missing.findings.map((f) => [f.severity, f.code, f.field]),
    [
      ['error', 'missing_column', 'Action'],
      ['warning', 'missing_column', 'Lead Officer'],
      ['warning', 'missing_column', 'By When'],
      ['warning', 'missing_column', 'RAG Status'],
    ],
  )
  const aliases = parseActionPlanCsv('\uFEFFref,ACTION,progress,lead officers,Due date,status,Status\n1.1,Do,,,March 2026,Complete,Red\n')
  t.same(
    aliases.actions.map((a) => [a.ref, a.action, a.dueDate, a.status]),
    [['1.1', 'Do', '2026-03-31', 'complete']],
  )
  t.same(
    aliases.findings.map((f) => [f.code, f.field]),
    [
      ['duplicate_column', 'RAG Status'],
      ['no_priority', 'Ref'],
    ],
  )
  t.same(
    parseActionPlanCsv('').findings.map((f) => f.code),
    ['missing_column'],
  )
  const broken = parseActionPlanCsv(`${HEADER}\n1.1,"unclosed\n`)
  t.equal(broken.findings.length, 1)
  t.equal(broken.findings[0]?.code, 'csv_syntax')
  t.equal(broken.findings[0]?.severity, 'error')
  t.same(broken.actions, [])
})

t.test('JSON rows', async (t) => {
  const rows = [
    { Ref: 'Priority 4 – Good health', Action: '' },
    {
      ref: '4.1.1',
      action: 'Produce a video',
      'Progress Update': 'Feb-26: Named Nurse attended.',
      'Lead Officer': 'Julie Warren-Sykes',
      'By When': 'October 2025',
      'RAG Status': 'Delayed',
      colour: 'x',
    },
    { Ref: 4.2, Action: 'Numbered ref', 'RAG Status': null, 'By When': { when: 'soon' } },
    'not a row',
  ]
  const r = parseActionPlanJson(rows)
  t.same(
    r.actions.map((a) => [a.row, a.ref, a.priority, a.dueDate, a.status, a.progressUpdates[0]?.date ?? null]),
    [
      [2, '4.1.1', 4, '2025-10-31', 'delayed', '2026-02-01'],
      [3, '4.2', 4, null, null, null],
    ],
  )
  t.same(
    r.findings.map((f) => [f.row, f.code, f.field]),
    [
      [2, 'unknown_column', null],
      [3, 'bad_cell', 'Ref'],
      [3, 'bad_cell', 'By When'],
      [4, 'bad_row', null],
      [3, 'missing_status', 'RAG Status'],
    ],
  )
  const wrapped = parseActionPlanJson({
    rows: [
      ['Ref', 'Action'],
      ['Priority 1', ''],
      ['1.1', 'Do', 'extra'],
      [1.2, true],
    ],
  })
  t.same(
    wrapped.actions.map((a) => [a.row, a.ref, a.action, a.priority]),
    [
      [3, '1.1', 'Do', 1],
      [4, '1.2', 'true', 1],
    ],
  )
  t.same(
    wrapped.findings.map((f) => f.code),
    ['missing_column', 'missing_column', 'missing_column', 'missing_column', 'missing_status', 'missing_status'],
  )
  t.same(
    parseActionPlanJson({ nope: 1 }).findings.map((f) => f.code),
    ['not_rows'],
  )
  t.same(
    parseActionPlanJson('x').findings.map((f) => f.code),
    ['not_rows'],
  )
  t.same(
    parseActionPlanJson([{ Ref: '1.1' }]).findings.map((f) => [f.code, f.field]),
    [['missing_column', 'Action']],
  )
  t.same(
    parseActionPlanJson([]).findings.map((f) => [f.code, f.field]),
    [
      ['missing_column', 'Ref'],
      ['missing_column', 'Action'],
    ],
  )
})

t.test('the fixture as JSON gives the same import', async (t) => {
  const table = parse(fixture) as string[][]
  const [header = [], ...body] = table
  const asArrays = parseActionPlanJson({ rows: table })
  t.same(asArrays, plan, 'array of arrays')
  const asObjects = parseActionPlanJson(body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))))
  t.same(
    asObjects.actions.map((a) => ({ ...a, row: a.row + 1 })),
    plan.actions,
    'array of objects: the same actions, rows counted without the header',
  )
  t.same(
    asObjects.priorities.map((p) => p.title),
    plan.priorities.map((p) => p.title),
  )
})
