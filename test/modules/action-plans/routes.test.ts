import { readFileSync } from 'node:fs'
import t from 'tap'
import { todayInEngland } from '../../../src/domain/dates/today.ts'
import { buildTestApp, expectProblem, truncateAll } from '../../helper.ts'

const fixture = readFileSync(new URL('../../fixtures/action-plan-2025.csv', import.meta.url), 'utf8')
const h = await buildTestApp(t)
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372', 'Rotherham')
  await h.authority('373', 'Sheffield')
})

const base = '/v1/authorities/372/action-plans'
type Item = { id: string; ref: string; [k: string]: unknown }
const refs = (items: Item[]) => items.map((i) => i.ref)

async function importPlan(key: string): Promise<{ planId: string; byRef: Map<string, Item> }> {
  const res = await h.call(key, { method: 'POST', url: `${base}/import`, payload: { title: 'Plan 2025', format: 'csv', content: fixture } })
  const planId = res.json().plan.id as string
  const items = (await h.call(key, { method: 'GET', url: `${base}/${planId}/actions` })).json().items as Item[]
  return { planId, byRef: new Map(items.map((i) => [i.ref, i])) }
}

t.test('plans: create with priorities, list, get, change, delete', async (t) => {
  const key = await h.key(['actions:write'])
  const created = await h.call(key, {
    method: 'POST',
    url: base,
    payload: {
      title: '  Corporate Parenting Action Plan 2026  ',
      board: 'Corporate Parenting Partnership Board',
      periodStart: '2026-04-01',
      periodEnd: '2027-03-31',
      priorities: [
        { number: 2, title: 'Leaving care', champions: ['Councillor Fisher'], leads: ['Kim Wilson'] },
        { number: 1, title: 'Celebrating success' },
      ],
    },
  })
  t.equal(created.statusCode, 201)
  const plan = created.json()
  t.match(plan, { la: '372', title: 'Corporate Parenting Action Plan 2026', board: 'Corporate Parenting Partnership Board', actionCount: 0, notes: [] })
  t.same(plan.priorities, [
    { number: 1, title: 'Celebrating success', heading: null, champions: [], leads: [], peopleWording: null, sections: [], notes: [] },
    { number: 2, title: 'Leaving care', heading: null, champions: ['Councillor Fisher'], leads: ['Kim Wilson'], peopleWording: null, sections: [], notes: [] },
  ])

  const got = await h.call(key, { method: 'GET', url: `${base}/${plan.id}` })
  t.same(got.json(), plan)
  t.same((await h.call(key, { method: 'GET', url: base })).json().items, [plan])
  t.same((await h.call(key, { method: 'GET', url: '/v1/authorities/373/action-plans' })).json().items, [], 'another authority sees none')

  const patched = await h.call(key, { method: 'PATCH', url: `${base}/${plan.id}`, payload: { title: 'Plan 2026-27', board: null } })
  t.equal(patched.statusCode, 200)
  t.match(patched.json(), { title: 'Plan 2026-27', board: null, periodStart: '2026-04-01' })
  const period = await h.call(key, { method: 'PATCH', url: `${base}/${plan.id}`, payload: { periodEnd: '2026-01-01' } })
  t.match(expectProblem(t, period, 422).errors, [{ in: 'body', pointer: '/periodEnd', message: 'is before periodStart 2026-04-01' }])

  // Priorities: create, change, delete (refused while an action uses it).
  const p3 = await h.call(key, { method: 'PUT', url: `${base}/${plan.id}/priorities/3`, payload: { title: 'Homes', leads: ['Vicky Chew'] } })
  t.equal(p3.statusCode, 201)
  const p3again = await h.call(key, { method: 'PUT', url: `${base}/${plan.id}/priorities/3`, payload: { title: 'Homes and placements' } })
  t.equal(p3again.statusCode, 200)
  t.match(p3again.json(), { number: 3, title: 'Homes and placements', leads: ['Vicky Chew'] }, 'leads not sent are kept')
  const action = await h.call(key, { method: 'POST', url: `${base}/${plan.id}/actions`, payload: { ref: '3.1', priority: 3, action: 'Open two homes' } })
  t.equal(action.statusCode, 201)
  t.match(expectProblem(t, await h.call(key, { method: 'DELETE', url: `${base}/${plan.id}/priorities/3` }), 409).detail, /still has 1 action/)
  t.equal((await h.call(key, { method: 'DELETE', url: `${base}/${plan.id}/priorities/1` })).statusCode, 204)
  expectProblem(t, await h.call(key, { method: 'DELETE', url: `${base}/${plan.id}/priorities/1` }), 404)
  t.same(
    (await h.call(key, { method: 'GET', url: `${base}/${plan.id}` })).json().priorities.map((p: { number: number }) => p.number),
    [2, 3],
  )

  const deleted = await h.call(key, { method: 'DELETE', url: `${base}/${plan.id}` })
  t.equal(deleted.statusCode, 204)
  t.equal(deleted.body, '')
  expectProblem(t, await h.call(key, { method: 'GET', url: `${base}/${plan.id}` }), 404)
  expectProblem(t, await h.call(key, { method: 'DELETE', url: `${base}/${plan.id}` }), 404)
  const left = await h.db.selectFrom('action_items').select('id').execute()
  t.same(left, [], 'its actions went with it')
})

t.test('actions: create reads status, leads and due date like the import; change; delete', async (t) => {
  const key = await h.key(['actions:write'])
  const plan = (await h.call(key, { method: 'POST', url: base, payload: { title: 'Plan', priorities: [{ number: 2, title: 'Leaving care' }] } })).json()
  const actions = `${base}/${plan.id}/actions`
  const created = await h.call(key, {
    method: 'POST',
    url: actions,
    payload: {
      ref: '21.5',
      priority: 2,
      section: '2.1',
      action: 'Audit and dip sample',
      leadOfficerWording: 'Toni Traynor/ Tracie Setter/QA lead',
      byWhen: 'End of spring term 2026',
      statusWording: 'Awaiting start',
      kpiIds: ['pathway-plans-in-date'],
    },
  })
  t.equal(created.statusCode, 201)
  const item = created.json()
  t.match(item, {
    ref: '21.5',
    refMisfit: true,
    refNote: 'ref 21.5 does not fit priority 2 or section 2.1 (perhaps 2.1.5); kept as written',
    leadOfficers: ['Toni Traynor', 'Tracie Setter', 'QA lead'],
    byWhen: 'End of spring term 2026',
    dueDate: '2026-04-02',
    dueDateKind: 'date',
    dueDatePrecision: 'term',
    status: 'awaiting_start',
    statusWording: 'Awaiting start',
    kpiIds: ['pathway-plans-in-date'],
    dueDateChanges: [],
    progressUpdates: [],
    ragOverride: null,
    sourceRow: null,
  })
  t.equal(item.rag.asAt, todayInEngland())

  // The board corrects the ref: the flag goes.
  const fixed = await h.call(key, {
    method: 'PATCH',
    url: `${actions}/${item.id}`,
    payload: { ref: '2.1.5', status: 'in_progress', leadOfficers: ['Toni Traynor'] },
  })
  t.equal(fixed.statusCode, 200)
  t.match(fixed.json(), {
    ref: '2.1.5',
    refMisfit: false,
    refNote: null,
    status: 'in_progress',
    statusWording: 'In progress',
    leadOfficers: ['Toni Traynor'],
    leadOfficerWording: 'Toni Traynor',
    dueDate: '2026-04-02',
  })

  // Defaults: status not started, no due date.
  const bare = await h.call(key, { method: 'POST', url: actions, payload: { ref: '2.2', action: 'Something else' } })
  t.match(bare.json(), {
    status: 'not_started',
    statusWording: 'Not started',
    byWhen: '',
    dueDate: null,
    dueDateKind: 'none',
    priority: null,
    leadOfficers: [],
  })
  const explicit = await h.call(key, {
    method: 'POST',
    url: actions,
    payload: { ref: '2.3', action: 'Dated', dueDate: '2026-05-15', status: 'complete', statusWording: 'Complete – now BAU' },
  })
  t.match(explicit.json(), { byWhen: '2026-05-15', dueDate: '2026-05-15', dueDatePrecision: 'day', status: 'complete', statusQualifier: 'now BAU' })
  const ongoing = await h.call(key, { method: 'POST', url: actions, payload: { ref: '2.4', action: 'Keep going', byWhen: 'Ongoing', dueDate: null } })
  t.match(ongoing.json(), { byWhen: 'Ongoing', dueDate: null, dueDateKind: 'ongoing' })

  t.equal((await h.call(key, { method: 'DELETE', url: `${actions}/${item.id}` })).statusCode, 204)
  expectProblem(t, await h.call(key, { method: 'GET', url: `${actions}/${item.id}` }), 404)
  expectProblem(t, await h.call(key, { method: 'DELETE', url: `${actions}/${item.id}` }), 404)
  t.same(refs((await h.call(key, { method: 'GET', url: actions })).json().items), ['2.2', '2.3', '2.4'])
})

t.test('moving a due date twice keeps both changes, in order, with their reasons', async (t) => {
  const key = await h.key(['actions:write'])
  const { planId, byRef } = await importPlan(key)
  const id = byRef.get('2.1.3')?.id
  const url = `${base}/${planId}/actions/${id}`

  const first = await h.call(key, {
    method: 'POST',
    url: `${url}/due-date`,
    payload: { byWhen: 'End of summer term 2026', reason: 'The template waits for the Voice and Influence Group.', changedOn: '2026-03-10' },
  })
  t.equal(first.statusCode, 200)
  t.match(first.json(), { byWhen: 'End of summer term 2026', dueDate: '2026-07-22', dueDatePrecision: 'term' })

  const second = await h.call(key, {
    method: 'POST',
    url: `${url}/due-date`,
    payload: { byWhen: 'September 2026', dueDate: '2026-09-30', reason: 'Training moved to the autumn.', changedOn: '2026-04-15' },
  })
  t.equal(second.statusCode, 200)
  const changes = second.json().dueDateChanges
  t.same(
    changes.map((c: Record<string, unknown>) => ({ ...c, changedAt: typeof c.changedAt })),
    [
      {
        seq: 1,
        fromDate: '2026-06-30',
        fromWording: 'End of June 2026',
        toDate: '2026-07-22',
        toWording: 'End of summer term 2026',
        reason: 'The template waits for the Voice and Influence Group.',
        changedOn: '2026-03-10',
        changedAt: 'string',
        source: 'api',
      },
      {
        seq: 2,
        fromDate: '2026-07-22',
        fromWording: 'End of summer term 2026',
        toDate: '2026-09-30',
        toWording: 'September 2026',
        reason: 'Training moved to the autumn.',
        changedOn: '2026-04-15',
        changedAt: 'string',
        source: 'api',
      },
    ],
  )
  t.same((await h.call(key, { method: 'GET', url })).json().dueDateChanges, changes, 'a read shows the same history')

  const progress = (await h.call(key, { method: 'GET', url: `${base}/${planId}/progress?asAt=2026-05-01` })).json()
  t.match(progress.dueDateMoves, [
    {
      ref: '2.1.3',
      moves: 2,
      firstDueDate: '2026-06-30',
      firstByWhen: 'End of June 2026',
      dueDate: '2026-09-30',
      byWhen: 'September 2026',
      lastChangedOn: '2026-04-15',
    },
    { ref: '4.4.1', moves: 1, lastChangedOn: null },
  ])

  // Refused: no reason, a blank reason, nothing to move to, wording without a date, the same date again.
  const noReason = expectProblem(t, await h.call(key, { method: 'POST', url: `${url}/due-date`, payload: { dueDate: '2026-10-31' } }), 400)
  t.match(noReason.errors, [{ in: 'body', pointer: '/reason', message: 'is required' }])
  const blank = expectProblem(t, await h.call(key, { method: 'POST', url: `${url}/due-date`, payload: { dueDate: '2026-10-31', reason: '   ' } }), 400)
  t.match(blank.errors, [{ pointer: '/reason' }])
  const nothing = expectProblem(t, await h.call(key, { method: 'POST', url: `${url}/due-date`, payload: { reason: 'why' } }), 422)
  t.match(nothing.errors, [{ pointer: '/byWhen', message: 'is required when dueDate is not given' }])
  const vague = expectProblem(t, await h.call(key, { method: 'POST', url: `${url}/due-date`, payload: { byWhen: 'when funding allows', reason: 'why' } }), 422)
  t.match(vague.errors, [{ pointer: '/byWhen', message: /no date read from "when funding allows"/ }])
  const same = expectProblem(
    t,
    await h.call(key, { method: 'POST', url: `${url}/due-date`, payload: { byWhen: 'September 2026', dueDate: '2026-09-30', reason: 'again' } }),
    422,
  )
  t.match(same.errors, [{ pointer: '/dueDate', message: 'is the current due date' }])
  const contradicts = expectProblem(
    t,
    await h.call(key, { method: 'POST', url: `${url}/due-date`, payload: { byWhen: 'October 2026', dueDate: null, reason: 'why' } }),
    422,
  )
  t.match(contradicts.errors, [{ pointer: '/dueDate', message: 'is null, but "October 2026" is due 2026-10-31' }])
  const badDay = expectProblem(t, await h.call(key, { method: 'POST', url: `${url}/due-date`, payload: { dueDate: '2026-02-30', reason: 'why' } }), 400)
  t.match(badDay.errors, [{ pointer: '/dueDate' }])
  t.equal((await h.call(key, { method: 'GET', url })).json().dueDateChanges.length, 2, 'refused changes left no trace')

  // A due date cannot be changed around the history.
  const sneaky = expectProblem(t, await h.call(key, { method: 'PATCH', url, payload: { dueDate: '2027-01-01' } }), 400)
  t.match(sneaky.errors, [{ pointer: '/dueDate', message: 'is not a known field' }])
})

t.test('RAG is derived at asAt: past due and not complete is red; an override needs a reason', async (t) => {
  const key = await h.key(['actions:write'])
  const { planId, byRef } = await importPlan(key)
  const url = `${base}/${planId}/actions/${byRef.get('2.2.3')?.id}`
  // 2.2.3 is in progress, due March 2026: due by the end of 31 March.
  t.match((await h.call(key, { method: 'GET', url: `${url}?asAt=2026-03-31` })).json(), {
    dueDate: '2026-03-31',
    rag: { asAt: '2026-03-31', colour: 'green', derived: 'green', basis: 'on_track' },
    overdue: false,
  })
  t.match((await h.call(key, { method: 'GET', url: `${url}?asAt=2026-04-01` })).json(), {
    rag: { colour: 'red', derived: 'red', basis: 'past_due' },
    overdue: true,
  })
  // 2.2.5 is delayed: amber while in time, red once past due.
  const delayed = `${base}/${planId}/actions/${byRef.get('2.2.5')?.id}`
  t.match((await h.call(key, { method: 'GET', url: `${delayed}?asAt=2025-12-31` })).json().rag, { colour: 'amber', basis: 'delayed' })
  t.match((await h.call(key, { method: 'GET', url: `${delayed}?asAt=2026-01-01` })).json().rag, { colour: 'red', basis: 'past_due' })
  // 1.1 is complete and past due: blue, not overdue.
  t.match((await h.call(key, { method: 'GET', url: `${base}/${planId}/actions/${byRef.get('1.1')?.id}?asAt=2026-04-01` })).json(), {
    rag: { colour: 'blue' },
    overdue: false,
  })

  const noReason = expectProblem(t, await h.call(key, { method: 'PUT', url: `${url}/rag-override`, payload: { colour: 'amber' } }), 400)
  t.match(noReason.errors, [{ in: 'body', pointer: '/reason', message: 'is required' }])
  const blank = expectProblem(t, await h.call(key, { method: 'PUT', url: `${url}/rag-override`, payload: { colour: 'amber', reason: ' \n ' } }), 400)
  t.match(blank.errors, [{ pointer: '/reason' }])
  const colour = expectProblem(t, await h.call(key, { method: 'PUT', url: `${url}/rag-override`, payload: { colour: 'purple', reason: 'x' } }), 400)
  t.match(colour.errors, [{ pointer: '/colour' }])

  const set = await h.call(key, { method: 'PUT', url: `${url}/rag-override`, payload: { colour: 'amber', reason: ' Funding not yet agreed. ' } })
  t.equal(set.statusCode, 200)
  t.match(set.json().ragOverride, { colour: 'amber', reason: 'Funding not yet agreed.' })
  t.type(set.json().ragOverride.setAt, 'string')
  t.match((await h.call(key, { method: 'GET', url: `${url}?asAt=2026-04-01` })).json().rag, { colour: 'amber', derived: 'red', basis: 'override' })
  const progress = (await h.call(key, { method: 'GET', url: `${base}/${planId}/progress?asAt=2026-04-01` })).json()
  t.same(progress.byRag, { blue: 26, green: 10, amber: 1, red: 5, grey: 0, none: 0 }, 'the override counts as its colour')
  t.equal(progress.overdue.find((o: { ref: string }) => o.ref === '2.2.3')?.rag, 'amber', 'still overdue, shown in its override colour')

  const cleared = await h.call(key, { method: 'DELETE', url: `${url}/rag-override` })
  t.equal(cleared.statusCode, 200)
  t.equal(cleared.json().ragOverride, null)
  t.match((await h.call(key, { method: 'GET', url: `${url}?asAt=2026-04-01` })).json().rag, { colour: 'red', basis: 'past_due' })
})

t.test('progress updates: dated notes, listed in date order', async (t) => {
  const key = await h.key(['actions:write'])
  const { planId, byRef } = await importPlan(key)
  const url = `${base}/${planId}/actions/${byRef.get('2.1.1')?.id}/updates`
  const added = await h.call(key, { method: 'POST', url, payload: { date: '2026-03-05', text: 'Template drafted with the Voice and Influence Group.' } })
  t.equal(added.statusCode, 201)
  t.match(added.json(), { seq: 2, date: '2026-03-05', dateTo: '2026-03-05', precision: 'day', dateWording: null, source: 'api' })
  await h.call(key, { method: 'POST', url, payload: { date: '2026-03-01', text: 'Development day held.' } })
  const today = await h.call(key, { method: 'POST', url, payload: { text: 'Undated means today.' } })
  t.equal(today.json().date, todayInEngland())
  const list = (await h.call(key, { method: 'GET', url })).json().items as Array<{ date: string | null; seq: number }>
  t.same(
    list.map((u) => [u.date, u.seq]),
    [
      [null, 1],
      ['2026-03-01', 3],
      ['2026-03-05', 2],
      [todayInEngland(), 4],
    ].sort((a, b) => (a[0] === null ? -1 : b[0] === null ? 1 : String(a[0]).localeCompare(String(b[0])))),
  )
  const blank = expectProblem(t, await h.call(key, { method: 'POST', url, payload: { date: '2026-03-05', text: '  ' } }), 400)
  t.match(blank.errors, [{ pointer: '/text' }])
  const badDate = expectProblem(t, await h.call(key, { method: 'POST', url, payload: { date: '5/3/26', text: 'x' } }), 400)
  t.match(badDate.errors, [{ pointer: '/date' }])
})

t.test('filters: status, priority, lead, overdue at a date, RAG, KPI', async (t) => {
  const key = await h.key(['actions:write'])
  const { planId, byRef } = await importPlan(key)
  const list = async (query: string) => {
    const res = await h.call(key, { method: 'GET', url: `${base}/${planId}/actions?${query}` })
    t.equal(res.statusCode, 200, query)
    return refs(res.json().items)
  }
  t.same(await list('status=delayed'), ['2.2.5', '4.1.1'])
  t.same(await list('status=awaiting_start&status=delayed'), ['2.1.3', '2.1.4', '21.5', '2.2.5', '4.1.1'])
  t.same(await list('status=complete_monitoring'), ['4.4.3'])
  t.same(await list('status=unknown'), [])
  t.same(await list('priority=3'), ['3.1', '3.2'])
  t.same(await list('lead=HOHN'), ['5.1.1', '5.1.2', '5.2.1', '5.2.2', '5.2.3', '5.2.4', '5.3.1'])
  t.same(await list('lead=hohn&status=in_progress'), ['5.2.4'])
  t.same(await list('lead=%25'), [], 'a % is a character, not a wildcard')
  t.same(await list('overdueAt=2026-03-01'), ['2.2.5', '4.1.1'])
  t.same(await list('overdueAt=2026-04-01'), ['2.2.3', '2.2.4', '2.2.5', '4.1.1', '5.2.4', '6.1'])
  t.same(await list('rag=red&asAt=2026-04-01'), ['2.2.3', '2.2.4', '2.2.5', '4.1.1', '5.2.4', '6.1'])
  t.same(await list('rag=amber&asAt=2025-12-31'), ['2.2.5'])
  t.same(await list('priority=2&overdueAt=2026-04-01'), ['2.2.3', '2.2.4', '2.2.5'])

  // Link KPIs to an action: stored as given, returned, filterable.
  const sdq = byRef.get('4.3.2')?.id
  const linked = await h.call(key, { method: 'PATCH', url: `${base}/${planId}/actions/${sdq}`, payload: { kpiIds: ['sdq-completion', 'sdq-average-score'] } })
  t.same(linked.json().kpiIds, ['sdq-completion', 'sdq-average-score'])
  t.same(await list('kpiId=sdq-completion'), ['4.3.2'])
  t.same(await list('kpiId=health-assessments'), [])

  const bad = expectProblem(t, await h.call(key, { method: 'GET', url: `${base}/${planId}/actions?status=finished` }), 400)
  t.match(bad.errors, [{ in: 'querystring', pointer: '/status/0' }])
  const badDay = expectProblem(t, await h.call(key, { method: 'GET', url: `${base}/${planId}/actions?overdueAt=2026-02-30` }), 400)
  t.match(badDay.errors, [{ in: 'querystring', pointer: '/overdueAt' }])
  const badPriority = expectProblem(t, await h.call(key, { method: 'GET', url: `${base}/${planId}/actions?priority=two` }), 400)
  t.match(badPriority.errors, [{ in: 'querystring', pointer: '/priority' }])
  const unknown = expectProblem(t, await h.call(key, { method: 'GET', url: `${base}/${planId}/actions?colour=red` }), 400)
  t.match(unknown.errors, [{ in: 'querystring', pointer: '/colour', message: 'is not a known field' }])
})

t.test('bad input is a 4xx naming the field; unknown plan or action is 404', async (t) => {
  const key = await h.key(['actions:write'])
  const { planId, byRef } = await importPlan(key)
  const actions = `${base}/${planId}/actions`
  const post = (url: string, payload: unknown) => h.call(key, { method: 'POST', url, payload: payload as Record<string, unknown> })

  t.match(expectProblem(t, await post(base, { title: '' }), 400).errors, [{ in: 'body', pointer: '/title' }])
  t.match(expectProblem(t, await post(base, { title: 'x', periodStart: '2026-04-01', periodEnd: '2026-03-31' }), 422).errors, [{ pointer: '/periodEnd' }])
  t.match(
    expectProblem(
      t,
      await post(base, {
        title: 'x',
        priorities: [
          { number: 1, title: 'a' },
          { number: 1, title: 'b' },
        ],
      }),
      422,
    ).errors,
    [{ pointer: '/priorities/1/number' }],
  )
  t.match(expectProblem(t, await post(base, { title: 'x', priorities: [{ number: 0, title: 'a' }] }), 400).errors, [{ pointer: '/priorities/0/number' }])
  t.match(expectProblem(t, await post(actions, { ref: '1.9', action: 'x', kpiIds: ['SDQ Completion'] }), 400).errors, [{ pointer: '/kpiIds/0' }])
  t.match(expectProblem(t, await post(actions, { ref: '9.1', priority: 9, action: 'x' }), 422).errors, [
    { pointer: '/priority', message: /priority 9 is not in this plan/ },
  ])
  t.match(expectProblem(t, await post(actions, { ref: '1.1', action: 'again' }), 409).errors, [{ pointer: '/ref', message: 'is already used in this plan' }])
  t.match(expectProblem(t, await post(actions, { ref: '1.9', action: 'x', statusWording: 'Sort of done-ish' }), 422).errors, [{ pointer: '/statusWording' }])
  t.match(expectProblem(t, await post(actions, { ref: '1.9', action: 'x', status: 'complete', statusWording: 'In progress' }), 422).errors, [
    { pointer: '/statusWording', message: 'reads as in_progress, not complete' },
  ])
  t.match(expectProblem(t, await post(actions, { ref: '1.9', action: 'x', byWhen: 'when we can' }), 422).errors, [{ pointer: '/byWhen' }])
  t.match(expectProblem(t, await post(actions, { ref: '1.9', action: 'nul \u0000 here' }), 400).errors, [{ pointer: '/action' }])
  t.match(expectProblem(t, await post(actions, { ref: ' ', action: 'x' }), 400).errors, [{ pointer: '/ref' }])
  t.match(expectProblem(t, await post(actions, { ref: '1.9', action: 'x', extra: 1 }), 400).errors, [{ pointer: '/extra', message: 'is not a known field' }])
  const item = byRef.get('1.2')?.id
  t.match(expectProblem(t, await h.call(key, { method: 'PATCH', url: `${actions}/${item}`, payload: {} }), 400).errors, [{ in: 'body' }])
  t.match(expectProblem(t, await h.call(key, { method: 'PATCH', url: `${actions}/${item}`, payload: { ref: '1.1' } }), 409).errors, [{ pointer: '/ref' }])
  t.match(expectProblem(t, await h.call(key, { method: 'PATCH', url: `${actions}/${item}`, payload: { priority: 7 } }), 422).errors, [{ pointer: '/priority' }])
  t.equal((await h.call(key, { method: 'PATCH', url: `${actions}/${item}`, payload: { ref: '1.2', action: 'Same ref is fine' } })).statusCode, 200)

  t.match(expectProblem(t, await h.call(key, { method: 'GET', url: `${base}/not-a-uuid` }), 400).errors, [{ in: 'params', pointer: '/planId' }])
  t.match(expectProblem(t, await h.call(key, { method: 'GET', url: `${actions}/${item}?asAt=x` }), 400).errors, [{ in: 'querystring', pointer: '/asAt' }])
  t.match(expectProblem(t, await h.call(key, { method: 'GET', url: `${base}/${planId}/progress?asAt=2026-13-01` }), 400).errors, [
    { in: 'querystring', pointer: '/asAt' },
  ])

  const nowhere = '00000000-0000-4000-8000-000000000000'
  const plan404 = [
    ['GET', `${base}/${nowhere}`],
    ['GET', `${base}/${nowhere}/actions`],
    ['GET', `${base}/${nowhere}/progress`],
    ['GET', `${base}/${nowhere}/actions/${item}`],
    ['GET', `${base}/${nowhere}/actions/${item}/updates`],
    ['PATCH', `${base}/${nowhere}`, { title: 'x' }],
    ['PUT', `${base}/${nowhere}/priorities/1`, { title: 'x' }],
    ['DELETE', `${base}/${nowhere}/priorities/1`],
    ['POST', `${base}/${nowhere}/actions`, { ref: '1', action: 'x' }],
    ['PATCH', `${base}/${nowhere}/actions/${item}`, { action: 'x' }],
    ['DELETE', `${base}/${nowhere}/actions/${item}`],
    ['GET', `/v1/authorities/373/action-plans/${planId}`],
    ['GET', '/v1/authorities/999/action-plans'],
  ] as const
  for (const [method, url, payload] of plan404) {
    const res = await h.call(key, { method, url, ...(payload ? { payload } : {}) })
    expectProblem(t, res, 404)
  }
  const action404 = [
    ['GET', `${actions}/${nowhere}`],
    ['GET', `${actions}/${nowhere}/updates`],
    ['PATCH', `${actions}/${nowhere}`, { action: 'x' }],
    ['POST', `${actions}/${nowhere}/due-date`, { dueDate: '2026-01-01', reason: 'x' }],
    ['PUT', `${actions}/${nowhere}/rag-override`, { colour: 'red', reason: 'x' }],
    ['DELETE', `${actions}/${nowhere}/rag-override`],
    ['POST', `${actions}/${nowhere}/updates`, { text: 'x' }],
  ] as const
  for (const [method, url, payload] of action404) {
    const res = await h.call(key, { method, url, ...(payload ? { payload } : {}) })
    t.equal(expectProblem(t, res, 404).detail, 'No such action in this plan.', `${method} ${url}`)
  }
})

t.test('access: kpi:read reads but cannot write; the virtual school (education:write) can do neither', async (t) => {
  const writer = await h.key(['actions:write'])
  const { planId, byRef } = await importPlan(writer)
  const item = byRef.get('2.1.1')?.id
  const plan = `${base}/${planId}`
  const action = `${plan}/actions/${item}`
  const writes = [
    ['POST', base, { title: 'x' }],
    ['POST', `${base}/import`, { title: 'x', format: 'csv', content: fixture }],
    ['PATCH', plan, { title: 'x' }],
    ['DELETE', plan],
    ['PUT', `${plan}/priorities/7`, { title: 'x' }],
    ['DELETE', `${plan}/priorities/1`],
    ['POST', `${plan}/actions`, { ref: '7.1', action: 'x' }],
    ['PATCH', action, { action: 'x' }],
    ['DELETE', action],
    ['POST', `${action}/due-date`, { dueDate: '2027-01-01', reason: 'x' }],
    ['PUT', `${action}/rag-override`, { colour: 'red', reason: 'x' }],
    ['DELETE', `${action}/rag-override`],
    ['POST', `${action}/updates`, { text: 'x' }],
  ] as const
  const reads = [base, plan, `${plan}/progress`, `${plan}/actions`, action, `${action}/updates`]

  const virtualSchool = await h.key(['education:write'])
  const dashboard = await h.key(['kpi:read'])
  for (const [method, url, payload] of writes) {
    for (const key of [virtualSchool, dashboard]) {
      const res = await h.call(key, { method, url, ...(payload ? { payload } : {}) })
      t.match(expectProblem(t, res, 403).detail, /scope this endpoint needs \(actions:write\)/, `${method} ${url}`)
    }
  }
  for (const url of reads) {
    t.equal((await h.call(dashboard, { method: 'GET', url })).statusCode, 200, `kpi:read GET ${url}`)
    t.equal((await h.call(writer, { method: 'GET', url })).statusCode, 200, `actions:write GET ${url}`)
    expectProblem(t, await h.call(virtualSchool, { method: 'GET', url }), 403)
  }
  // Nothing changed.
  const after = (await h.call(dashboard, { method: 'GET', url: action })).json()
  t.match(after, { action: byRef.get('2.1.1')?.action, dueDateChanges: [], ragOverride: null })
  t.equal(after.progressUpdates.length, 1)
  // A key for another authority sees none of it.
  expectProblem(t, await h.call(await h.key(['kpi:read'], ['373']), { method: 'GET', url: plan }), 403)

  // Writes are audited with the plan and action ids.
  const admin = await h.key(['admin'])
  await h.call(writer, { method: 'PATCH', url: action, payload: { action: 'Changed' } })
  const events = (await h.call(admin, { method: 'GET', url: '/v1/audit?la=372' })).json().items as Array<{
    resource: string
    resourceId: string
    status: number
  }>
  t.ok(events.some((e) => e.resource === '/v1/authorities/:la/action-plans/:planId/actions/:actionId' && e.resourceId === item && e.status === 200))
})

t.test('every write bumps the authority data version', async (t) => {
  const key = await h.key(['actions:write'])
  const version = async () => (await h.db.selectFrom('authorities').select('dataVersion').where('la', '=', '372').executeTakeFirstOrThrow()).dataVersion
  const plan = (await h.call(key, { method: 'POST', url: base, payload: { title: 'P', priorities: [{ number: 1, title: 'One' }] } })).json()
  const item = (await h.call(key, { method: 'POST', url: `${base}/${plan.id}/actions`, payload: { ref: '1.1', action: 'A', byWhen: 'May 2026' } })).json()
  const url = `${base}/${plan.id}/actions/${item.id}`
  const steps = [
    ['PATCH', `${base}/${plan.id}`, { title: 'Q' }],
    ['PUT', `${base}/${plan.id}/priorities/2`, { title: 'Two' }],
    ['PATCH', url, { status: 'in_progress' }],
    ['POST', `${url}/due-date`, { dueDate: '2026-06-30', reason: 'r' }],
    ['PUT', `${url}/rag-override`, { colour: 'amber', reason: 'r' }],
    ['DELETE', `${url}/rag-override`],
    ['POST', `${url}/updates`, { date: '2026-01-05', text: 'note' }],
    ['DELETE', `${base}/${plan.id}/priorities/2`],
    ['DELETE', url],
    ['DELETE', `${base}/${plan.id}`],
  ] as const
  let before = Number(await version())
  for (const [method, u, payload] of steps) {
    const res = await h.call(key, { method, url: u, ...(payload ? { payload } : {}) })
    t.ok(res.statusCode < 300, `${method} ${u}: ${res.statusCode}`)
    const now = Number(await version())
    t.equal(now, before + 1, `${method} ${u} bumps the version`)
    before = now
  }
})

t.test('every status an action has had is kept, and progress counts the one that stood on asAt', async (t) => {
  const key = await h.key(['actions:write'])
  const plan = (await h.call(key, { method: 'POST', url: base, payload: { title: 'Plan', priorities: [{ number: 1, title: 'Health' }] } })).json()
  const actions = `${base}/${plan.id}/actions`
  const created = (
    await h.call(key, { method: 'POST', url: actions, payload: { ref: '1.1.1', priority: 1, action: 'Dental checks', statusWording: 'In progress' } })
  ).json()
  const today = todayInEngland()
  const patch = (payload: Record<string, unknown>) => h.call(key, { method: 'PATCH', url: `${actions}/${created.id}`, payload })
  t.equal((await patch({ action: 'Dental checks for every child' })).statusCode, 200)
  t.equal((await patch({ statusWording: 'Complete' })).statusCode, 200)
  const item = (await h.call(key, { method: 'GET', url: `${actions}/${created.id}` })).json()
  t.same(
    item.statusHistory.map((s: { status: string; statusWording: string; changedOn: string }) => [s.status, s.statusWording, s.changedOn]),
    [
      ['in_progress', 'In progress', today],
      ['complete', 'Complete', today],
    ],
    'a change of wording only is not a change of status',
  )
  const progress = async (asAt: string) => (await h.call(key, { method: 'GET', url: `${base}/${plan.id}/progress?asAt=${asAt}` })).json().byStatus
  t.match(await progress(today), { complete: 1, in_progress: 0 })
  t.match(await progress('2025-01-01'), { complete: 0, in_progress: 1 }, 'before the first record: the first status')
})
