import { spawnSync } from 'node:child_process'
import { childEnv } from '../../child-env.ts'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import t from 'tap'
import { openDatabase } from '../../../src/db/connect.ts'
import { migrateToLatest } from '../../../src/db/migrate.ts'
import { formatFinding, formatImportSummary } from '../../../src/modules/action-plans/service.ts'
import { getPlan, listItems, planProgress } from '../../../src/modules/action-plans/queries.ts'
import { buildTestApp, expectProblem, testDatabase, truncateAll } from '../../helper.ts'

/*
 * The 2025 plan (test/fixtures/action-plan-2025.csv, Appendix 1 of the board's 2025 annual report)
 * through the import endpoint and the script. Counts by status were made by hand from the appendix
 * (see test/domain/action-plan/import.test.ts): complete 26, complete with monitoring 1, in progress 10,
 * awaiting start 3, delayed 2 = 42 sub-actions across 6 priorities.
 */
const fixture = readFileSync(new URL('../../fixtures/action-plan-2025.csv', import.meta.url), 'utf8')
const BY_STATUS = {
  not_started: 0,
  awaiting_start: 3,
  in_progress: 10,
  delayed: 2,
  complete: 26,
  complete_monitoring: 1,
  obsolete: 0,
  unknown: 0,
}

const h = await buildTestApp(t)
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372', 'Rotherham')
})

const url = '/v1/authorities/372/action-plans'
type Item = { id: string; ref: string; [k: string]: unknown }

async function importFixture(key: string) {
  const res = await h.call(key, {
    method: 'POST',
    url: `${url}/import`,
    payload: {
      title: 'Corporate Parenting Action Plan 2025-26',
      board: 'Corporate Parenting Partnership Board',
      periodStart: '2025-04-01',
      periodEnd: '2026-03-31',
      format: 'csv',
      content: fixture,
    },
  })
  return res
}

t.test('the 2025 plan imports: 42 actions in 6 priorities, counts by status as the appendix', async (t) => {
  const key = await h.key(['actions:write'])
  const res = await importFixture(key)
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.same(body.counts, {
    priorities: 6,
    actions: 42,
    progressUpdates: 58,
    dueDateChanges: 1,
    refMisfits: 1,
    byStatus: BY_STATUS,
  })
  t.match(body.plan, {
    la: '372',
    title: 'Corporate Parenting Action Plan 2025-26',
    board: 'Corporate Parenting Partnership Board',
    periodStart: '2025-04-01',
    periodEnd: '2026-03-31',
    actionCount: 42,
  })
  t.same(
    body.plan.priorities.map((p: { number: number }) => p.number),
    [1, 2, 3, 4, 5, 6],
  )
  const p2 = body.plan.priorities[1]
  t.equal(p2.title, 'Leaving Care, Transitions and Preparing for Adulthood (PFA)')
  t.equal(p2.heading, '2. Priority 2 – Leaving Care, Transitions and Preparing for Adulthood (PFA)')
  t.same(p2.champions, ['Councillor Fisher - Sitwell Ward'])
  t.same(p2.leads, [
    'Kirsty-Louise Littlewood - Assistant Director for Adult Care and Integration',
    'Jane Wood - Head of Service for Children in Care',
    'Kim Wilson - Service Manager, Children in Care and Care Leavers',
    'James Chapman - Service Manager, Children with Disabilities Service',
  ])
  t.match(p2.peopleWording, /^Councillor Fisher - Sitwell Ward {2}Kirsty-Louise/)
  t.same(
    p2.sections.map((s: { ref: string }) => s.ref),
    ['2.1', '2.2'],
  )
  t.equal(body.plan.priorities[4].champions.length, 2, 'priority 5 has two councillors')
  t.same(
    body.findings.map((f: { code: string; ref: string; row: number }) => [f.code, f.ref, f.row]),
    [
      ['ref_misfit', '21.5', 15],
      ['due_date_reset', '4.4.1', 43],
    ],
  )

  // The whole plan is in the tables, in the board's order.
  const list = await h.call(key, { method: 'GET', url: `${url}/${body.plan.id}/actions?asAt=2026-03-01` })
  t.equal(list.statusCode, 200)
  const items = list.json().items as Item[]
  t.equal(items.length, 42)
  t.same(
    items.slice(0, 10).map((i) => i.ref),
    ['1.1', '1.2', '1.3', '1.4', '2.1.1', '2.1.2', '2.1.3', '2.1.4', '21.5', '2.2.1'],
  )

  const authority = (await h.call(await h.key(['kpi:read']), { method: 'GET', url: '/v1/authorities' })).json().items[0]
  t.equal(authority.dataVersion, 2, 'the import bumped the data version once')
})

t.test('21.5 is kept as written and flagged, with the suggestion, never renumbered', async (t) => {
  const key = await h.key(['actions:write'])
  const plan = (await importFixture(key)).json().plan
  const items = (await h.call(key, { method: 'GET', url: `${url}/${plan.id}/actions?priority=2` })).json().items as Item[]
  const odd = items.find((i) => i.ref === '21.5')
  t.match(odd, {
    ref: '21.5',
    refMisfit: true,
    refNote: 'ref 21.5 does not fit priority 2 or section 2.1 (perhaps 2.1.5); kept as written',
    priority: 2,
    section: '2.1',
    sourceRow: 15,
    byWhen: 'Nov 2026',
    dueDate: '2026-11-30',
    status: 'awaiting_start',
    statusWording: 'Awaiting start',
    leadOfficers: ['Toni Traynor', 'Tracie Setter', 'QA lead'],
    leadOfficerWording: 'Toni Traynor/ Tracie Setter/QA lead',
  })
  t.notOk(items.some((i) => i.ref === '2.1.5'))
  t.equal(items.filter((i) => i.refMisfit).length, 1, 'no other ref in priority 2 is flagged')
})

t.test('cells are kept as written beside their readings', async (t) => {
  const key = await h.key(['actions:write'])
  const plan = (await importFixture(key)).json().plan
  const items = (await h.call(key, { method: 'GET', url: `${url}/${plan.id}/actions?asAt=2026-03-01` })).json().items as Item[]
  const byRef = new Map(items.map((i) => [i.ref, i]))

  t.match(byRef.get('4.4.3'), { status: 'complete_monitoring', statusWording: 'Complete but ongoing monitoring required' })
  t.match(byRef.get('4.3.3'), {
    status: 'complete',
    statusWording: 'Complete. (Review where further issues are raised).',
    statusQualifier: '(Review where further issues are raised).',
    byWhen: 'Commence by 30th June 2025 Dec 2025 complete',
    dueDate: '2025-12-31',
    commenceBy: '2025-06-30',
  })
  t.match(byRef.get('4.3.4'), { byWhen: 'Ongoing Monitoring Required', dueDate: null, dueDateKind: 'ongoing', overdue: false })
  t.match(byRef.get('5.2.1'), { byWhen: 'End of spring term 2026', dueDate: '2026-04-02', dueDatePrecision: 'term' })
  t.match(byRef.get('5.3.4'), { byWhen: '', dueDate: null, dueDateKind: 'none', leadOfficers: [] })

  // The re-set written in the By When cell is the action's due-date history.
  t.match(byRef.get('4.4.1'), {
    byWhen: 'Oct/Nov 2025 Spring 2026',
    dueDate: '2026-05-31',
    dueDateChanges: [
      {
        seq: 1,
        fromDate: '2025-11-30',
        fromWording: 'Oct/Nov 2025',
        toDate: '2026-05-31',
        toWording: 'Spring 2026',
        reason: null,
        changedOn: null,
        source: 'import',
      },
    ],
  })

  // Dated progress updates, each kept verbatim with its label.
  const updates = byRef.get('4.3.2')?.progressUpdates as Array<{ date: string; dateTo: string; dateWording: string; text: string; precision: string }>
  t.same(
    updates.map((u) => u.date),
    ['2025-07-03', '2025-07-15', '2025-07-30', '2025-10-01', '2026-01-01', '2026-02-01'],
  )
  t.match(updates[0], { dateWording: '3/7/25', dateTo: '2025-07-03', precision: 'day', source: 'import' })
  t.match(updates[0]?.text, /^3\/7\/25 There will be a SDQ sub-group, first meeting 9th July\.$/)
  t.match(updates[5], { date: '2026-02-01', dateTo: '2026-02-28', precision: 'month' })
  const one = await h.call(key, { method: 'GET', url: `${url}/${plan.id}/actions/${byRef.get('4.3.2')?.id}/updates` })
  t.same(one.json().items, updates, 'the updates endpoint lists the same, in date order')
})

t.test('progress: counts by status and RAG at asAt, overdue actions, moved due dates', async (t) => {
  const key = await h.key(['actions:write'])
  const plan = (await importFixture(key)).json().plan
  const reader = await h.key(['kpi:read'])

  const march = await h.call(reader, { method: 'GET', url: `${url}/${plan.id}/progress?asAt=2026-03-01` })
  t.equal(march.statusCode, 200)
  const m = march.json()
  t.equal(m.total, 42)
  t.equal(m.asAt, '2026-03-01')
  t.same(m.byStatus, BY_STATUS, 'the same counts by status as the report')
  // Counted by hand: complete -> blue (26); delayed and past due -> red (2.2.5 due Dec 2025, 4.1.1 due
  // Oct 2025); every other action is on time or has no date -> green (10 + 3 + 1).
  t.same(m.byRag, { blue: 26, green: 14, amber: 0, red: 2, grey: 0, none: 0 })
  t.same(m.overdue, [
    { id: m.overdue[0]?.id, ref: '2.2.5', priority: 2, dueDate: '2025-12-31', byWhen: 'Dec 2025', status: 'delayed', rag: 'red', daysOverdue: 60 },
    { id: m.overdue[1]?.id, ref: '4.1.1', priority: 4, dueDate: '2025-10-31', byWhen: 'October 2025', status: 'delayed', rag: 'red', daysOverdue: 121 },
  ])
  t.same(
    m.byPriority.map((p: { number: number; total: number; byRag: { red: number } }) => [p.number, p.total, p.byRag.red]),
    [
      [1, 4, 0],
      [2, 10, 1],
      [3, 2, 0],
      [4, 14, 1],
      [5, 10, 0],
      [6, 2, 0],
    ],
  )
  t.match(m.dueDateMoves, [{ ref: '4.4.1', moves: 1, firstDueDate: '2025-11-30', firstByWhen: 'Oct/Nov 2025', dueDate: '2026-05-31', lastChangedOn: null }])

  // A month later four more in-progress actions are past their due date and not complete: red.
  const april = (await h.call(reader, { method: 'GET', url: `${url}/${plan.id}/progress?asAt=2026-04-01` })).json()
  t.same(april.byStatus, BY_STATUS)
  t.same(april.byRag, { blue: 26, green: 10, amber: 0, red: 6, grey: 0, none: 0 })
  t.same(
    april.overdue.map((o: { ref: string }) => o.ref),
    ['2.2.3', '2.2.4', '2.2.5', '4.1.1', '5.2.4', '6.1'],
  )
  t.notOk(
    april.overdue.some((o: { ref: string }) => o.ref === '1.1'),
    'a complete action past its due date is not overdue',
  )
})

t.test('the same table as JSON imports the same plan (array of arrays, and rows objects)', async (t) => {
  const key = await h.key(['actions:write'])
  const table = parse(fixture, { relax_column_count: true }) as string[][]
  const asArrays = await h.call(key, {
    method: 'POST',
    url: `${url}/import`,
    payload: { title: 'As arrays', format: 'json', content: JSON.stringify(table) },
  })
  t.equal(asArrays.statusCode, 201)
  t.same(asArrays.json().counts.byStatus, BY_STATUS)
  t.equal(asArrays.json().counts.actions, 42)

  const [header, ...rows] = table
  const objects = rows.map((r) => Object.fromEntries((header ?? []).map((name, i) => [name, r[i] ?? ''])))
  const asObjects = await h.call(key, {
    method: 'POST',
    url: `${url}/import`,
    payload: { title: 'As objects', format: 'json', content: JSON.stringify({ rows: objects }) },
  })
  t.equal(asObjects.statusCode, 201)
  t.same(asObjects.json().counts.byStatus, BY_STATUS)
  t.equal(asObjects.json().plan.priorities.length, 6)

  const plans = (await h.call(key, { method: 'GET', url })).json().items
  t.same(
    plans.map((p: { title: string; actionCount: number }) => [p.title, p.actionCount]),
    [
      ['As arrays', 42],
      ['As objects', 42],
    ],
  )
})

t.test('a table with errors is refused with its findings and nothing is stored', async (t) => {
  const key = await h.key(['actions:write'])
  const send = (payload: Record<string, unknown>) => h.call(key, { method: 'POST', url: `${url}/import`, payload: { title: 'Plan', ...payload } })

  const noRef = expectProblem(t, await send({ format: 'csv', content: 'Action,By When\nDo it,May 2026\n' }), 422)
  t.match(noRef.errors, [{ in: 'body', pointer: '/content', message: 'row 1: no Ref column: nothing imported', rule: 'missing_column' }])
  t.match(noRef.findings, [{ severity: 'error', code: 'missing_column', field: 'Ref' }])

  const twice = expectProblem(
    t,
    await send({ format: 'csv', content: 'Ref,Action,RAG Status\n"Priority 1 - One",,\n1.1,First,Complete\n1.1,Again,Delayed\n' }),
    422,
  )
  t.match(twice.errors, [{ pointer: '/content', message: 'row 4: ref 1.1 is also used at row 3; both kept', rule: 'duplicate_ref' }])

  const long = expectProblem(t, await send({ format: 'csv', content: `Ref,Action\n${'1.'.repeat(30)}1,Too long a ref\n` }), 422)
  t.match(long.errors, [{ message: /row 2: Ref is longer than 40 characters/ }])

  const bigPriority = expectProblem(t, await send({ format: 'csv', content: 'Ref,Action\nPriority 1000 - Big,\n1000.1,Act\n' }), 422)
  t.match(bigPriority.errors, [{ message: 'row 2: priority 1000 is outside 1-999' }])

  const notJson = expectProblem(t, await send({ format: 'json', content: '[{"Ref": "1.1",' }), 422)
  t.match(notJson.errors, [{ in: 'body', pointer: '/content', message: /^is not valid JSON/ }])

  const notRows = expectProblem(t, await send({ format: 'json', content: '{"Ref": "1.1"}' }), 422)
  t.match(notRows.findings, [{ code: 'not_rows' }])

  // U+0000 is refused by the body schema, as in every request string (src/http/schemas.ts NO_NUL).
  const nul = expectProblem(t, await send({ format: 'csv', content: 'Ref,Action\n1.1,A\u0000B\n' }), 400)
  t.match(nul.errors, [{ in: 'body', pointer: '/content' }])

  const format = expectProblem(t, await send({ format: 'xlsx', content: 'x' }), 400)
  t.match(format.errors, [{ in: 'body', pointer: '/format' }])

  const period = expectProblem(t, await send({ format: 'csv', content: fixture, periodStart: '2026-04-01', periodEnd: '2025-04-01' }), 422)
  t.match(period.errors, [{ pointer: '/periodEnd' }])

  const elsewhere = await h.call(key, {
    method: 'POST',
    url: '/v1/authorities/999/action-plans/import',
    payload: { title: 'Plan', format: 'csv', content: fixture },
  })
  t.match(expectProblem(t, elsewhere, 404).detail, /No authority 999/)

  t.same((await h.call(key, { method: 'GET', url })).json().items, [], 'no plan was stored')
  const counts = await h.db
    .selectFrom('action_items')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  t.equal(Number(counts.n), 0)
})

t.test('warnings do not stop an import: unread status and By When are imported as written', async (t) => {
  const key = await h.key(['actions:write'])
  const content = [
    'Ref,Action,Lead Officer,By When,RAG Status',
    'Priority 1 - One,,,,',
    '1.1,First,Kim Wilson,when funding allows,Amber - Red',
    '1.2,Second,,Spring 2026,Grey',
    ',No ref,,,Blue',
  ].join('\n')
  const res = await h.call(key, { method: 'POST', url: `${url}/import`, payload: { title: 'Old style', format: 'csv', content } })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.same(body.counts.byStatus, { ...Object.fromEntries(Object.keys(BY_STATUS).map((k) => [k, 0])), unknown: 1, obsolete: 1, complete: 1 })
  t.same(
    body.findings.map((f: { code: string }) => f.code),
    ['missing_column', 'unparsed_by_when', 'ambiguous_status', 'missing_ref'],
  )
  const items = (await h.call(key, { method: 'GET', url: `${url}/${body.plan.id}/actions?asAt=2026-01-01` })).json().items as Item[]
  t.match(items[0], {
    ref: '1.1',
    status: null,
    statusWording: 'Amber - Red',
    dueDateKind: 'unparsed',
    dueDate: null,
    rag: { colour: null, basis: 'unknown_status' },
  })
  t.match(items[1], { ref: '1.2', status: 'obsolete', writtenRag: 'grey', rag: { colour: 'grey' } })
  t.match(items[2], { ref: null, refMisfit: false, status: 'complete', writtenRag: 'blue' })
  const progress = (await h.call(key, { method: 'GET', url: `${url}/${body.plan.id}/progress?asAt=2026-01-01` })).json()
  t.same(progress.byRag, { blue: 1, green: 0, amber: 0, red: 0, grey: 1, none: 1 })
  const unknown = (await h.call(key, { method: 'GET', url: `${url}/${body.plan.id}/actions?status=unknown` })).json().items
  t.same(
    unknown.map((i: Item) => i.ref),
    ['1.1'],
  )
})

t.test('summary helpers', async (t) => {
  t.equal(formatFinding({ severity: 'error', row: null, ref: null, field: null, message: 'no header row' }), 'error: no header row')
  const summary = formatImportSummary({
    plan: { id: 'p1', la: '372', title: 'T' } as never,
    counts: {
      priorities: 0,
      actions: 0,
      progressUpdates: 0,
      dueDateChanges: 0,
      refMisfits: 0,
      byStatus: { ...BY_STATUS, awaiting_start: 0, in_progress: 0, delayed: 0, complete: 0, complete_monitoring: 0 },
    },
    findings: [],
  })
  t.equal(
    summary,
    'Imported "T" (plan p1) for authority 372:\n  0 priorities, 0 actions, 0 progress updates, 0 due-date re-sets, 0 refs that do not fit (kept as written)\n  by status:\n  no findings\n',
  )
})

/**
 * The script's database, as environment: the test server in a schema of its own (PGOPTIONS sets the
 * script's search_path), or, without one, the embedded database on disk as a fresh install has it.
 */
async function scriptDatabase(t: Parameters<typeof testDatabase>[0], dataDir: string): Promise<Record<string, string>> {
  const url = process.env.TEST_DATABASE_URL
  const handle = url ? await testDatabase(t) : await openDatabase({ dataDir })
  if (!url) await migrateToLatest(handle.db)
  await handle.db.insertInto('authorities').values({ la: '372', name: 'Rotherham', updatedAt: new Date() }).execute()
  if (url && 'schema' in handle) return { DATABASE_URL: url, PGOPTIONS: `-c search_path=${String(handle.schema)},public` }
  await handle.close()
  return { DATABASE_URL: '', DATA_DIR: dataDir }
}

t.test('scripts/import-action-plan.ts imports a file and prints the summary', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'action-plan-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const database = await scriptDatabase(t, join(dir, 'db'))

  const run = (...args: string[]) =>
    spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['scripts/import-action-plan.ts', ...args], {
      cwd: process.cwd(),
      env: childEnv({ ...database, LOG_LEVEL: 'silent' }),
      encoding: 'utf8',
      timeout: 120_000,
    })
  const fixturePath = join(dir, 'plan.csv')
  writeFileSync(fixturePath, fixture)
  const ok = run(fixturePath, '--la', '372', '--title', 'Plan 2025', '--board', 'Corporate Parenting Partnership Board')
  t.equal(ok.status, 0, ok.stderr)
  t.equal(
    ok.stdout.replace(/plan [0-9a-f-]{36}/, 'plan ID'),
    [
      'Imported "Plan 2025" (plan ID) for authority 372:',
      '  6 priorities, 42 actions, 58 progress updates, 1 due-date re-sets, 1 refs that do not fit (kept as written)',
      '  by status:',
      '    awaiting_start       3',
      '    in_progress          10',
      '    delayed              2',
      '    complete             26',
      '    complete_monitoring  1',
      '  findings (2):',
      '    warning (row 15, ref 21.5, Ref): ref 21.5 does not fit priority 2 or section 2.1 (perhaps 2.1.5); kept as written',
      '    info (row 43, ref 4.4.1, By When): due date re-set within the cell: "Oct/Nov 2025 Spring 2026"',
      '',
    ].join('\n'),
  )

  const badPath = join(dir, 'bad.json')
  writeFileSync(badPath, JSON.stringify([{ Action: 'No ref column' }]))
  const refused = run(badPath, '--la', '372', '--title', 'Bad')
  t.equal(refused.status, 1)
  t.match(
    refused.stderr,
    /^Not imported: The table was not imported: 1 error\(s\)\. Nothing was stored; see findings\.\n {2}error \(Ref\): no row has a Ref: nothing imported\n/,
  )

  const usage = run(fixturePath, '--title', 'No authority')
  t.equal(usage.status, 2)
  t.match(usage.stderr, /--la is required/)
  t.match(run(join(dir, 'plan.txt'), '--la', '372', '--title', 'X').stderr, /FILE must end in \.csv or \.json/)
  t.match(run(fixturePath, '--la', '372', '--title', 'X', '--period-end', '31/03/2026').stderr, /--period-end must be a date/)
  t.match(run(fixturePath, '--la', '372', '--title', 'X', '--nope').stderr, /Unknown option '--nope'/)
})

t.test('any table gives 201 or a 422 with findings, never a 500 (property)', async () => {
  const key = await h.key(['actions:write'])
  const cell = fc.oneof(
    fc.constantFrom('', '1.1', '2.1.5', '21.5', 'Priority 3 - Homes', '4. Priority 4 – Health', '3.2 Section heading', 'x'.repeat(45)),
    fc.constantFrom('Complete', 'In progress', 'Amber - Red', 'Grey', 'Complete but ongoing monitoring required', 'Done?'),
    fc.constantFrom('End of June 2026', 'Oct/Nov 2025 Spring 2026', 'March 0000', 'Winter 9999', '31/02/2026', '7/25', 'Ongoing'),
    fc.constantFrom('3/7/25 Met. Feb-26: Went well.', 'Kim Wilson and Sarah Green', 'Jo / Al; Bo & Cy', '"quoted", cell'),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  )
  const header = fc.constantFrom(
    ['Ref', 'Action', 'Progress Update', 'Lead Officer', 'By When', 'RAG Status'],
    ['Ref', 'Action', 'RAG Status', 'Priority'],
    ['Action', 'By When'],
    ['Reference', 'Actions', 'Status', 'Status'],
  )
  await fc.assert(
    fc.asyncProperty(header, fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 12 }), fc.boolean(), async (head, rows, asJson) => {
      const table = [head, ...rows]
      const content = asJson ? JSON.stringify(table) : table.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n')
      const res = await h.call(key, { method: 'POST', url: `${url}/import`, payload: { title: 'Fuzz', format: asJson ? 'json' : 'csv', content } })
      if (res.statusCode === 201) {
        const { plan, counts } = res.json()
        const listed = await h.call(key, { method: 'GET', url: `${url}/${plan.id}/actions` })
        return listed.statusCode === 200 && listed.json().items.length === counts.actions
      }
      return res.statusCode === 422 && Array.isArray(res.json().errors) && res.json().errors.length > 0
    }),
    { numRuns: 60 },
  )
})

t.test('reads take a fixed number of queries, whatever the plan size', async (t) => {
  const key = await h.key(['actions:write'])
  const big = (await importFixture(key)).json().plan.id as string
  const small = (
    await h.call(key, {
      method: 'POST',
      url: `${url}/import`,
      payload: { title: 'Small', format: 'csv', content: 'Ref,Action,Progress Update\n1.1,One,3/7/25 started\n' },
    })
  ).json().plan.id as string
  let queries = 0
  const counted = h.db.withPlugin({
    transformQuery: (args) => {
      queries++
      return args.node
    },
    transformResult: async (args) => args.result,
  })
  const count = async (work: () => Promise<unknown>) => {
    queries = 0
    await work()
    return queries
  }
  for (const planId of [big, small]) {
    t.equal(await count(() => listItems(counted, '372', planId, {}, '2026-03-01')), 5, 'list: plan, items, changes, statuses, updates')
    t.equal(await count(() => planProgress(counted, '372', planId, '2026-03-01')), 5, 'progress: plan, priorities, items, changes, statuses')
    t.equal(await count(() => getPlan(counted, '372', planId)), 2, 'plan: plan with count, priorities')
  }
})

t.test('concurrent due-date moves on one action each get their own place in the history', async (t) => {
  const key = await h.key(['actions:write'])
  const plan = (await importFixture(key)).json().plan.id as string
  const item = (await h.call(key, { method: 'GET', url: `${url}/${plan}/actions?priority=3` })).json().items[1] as Item
  const days = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-05']
  const results = await Promise.all(
    days.map((d) => h.call(key, { method: 'POST', url: `${url}/${plan}/actions/${item.id}/due-date`, payload: { dueDate: d, reason: `move to ${d}` } })),
  )
  t.same(
    results.map((r) => r.statusCode),
    [200, 200, 200, 200, 200],
  )
  const history = (await h.call(key, { method: 'GET', url: `${url}/${plan}/actions/${item.id}` })).json().dueDateChanges as Array<{
    seq: number
    fromDate: string
    toDate: string
  }>
  t.same(
    history.map((c) => c.seq),
    [1, 2, 3, 4, 5],
  )
  t.equal(history[0]?.fromDate, '2026-08-31')
  history.slice(1).forEach((c, i) => t.equal(c.fromDate, history[i]?.toDate, 'each change starts where the one before ended'))
})
