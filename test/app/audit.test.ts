import {
  InsertQueryNode,
  sql,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely'
import type { LightMyRequestResponse } from 'fastify'
import t from 'tap'
import { SCOPE_NAMES } from '../../src/domain/auth/scopes.ts'
import { buildTestApp, expectProblem, testDatabase, truncateAll } from '../helper.ts'

/**
 * The audit trail cannot lose events (issue #14). A write is answered only once its event is
 * committed in the write's own transaction; a write whose event cannot be committed is not applied
 * and not answered 2xx; a read's event, batched after the answer, cannot be lost because of what
 * another request sent.
 */

/** The database drops the connection just as an audit event goes in, while armed (a socket reset). */
class AuditInsertOutage implements KyselyPlugin {
  armed = false
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node
    if (this.armed && InsertQueryNode.is(node) && node.into?.table.identifier.name === 'audit_events') {
      throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
    }
    return node
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}

const base = await testDatabase(t)
const outage = new AuditInsertOutage()
const h = await buildTestApp(t, { handle: { ...base, db: base.db.withPlugin(outage) } })

// The test schema refuses the audit event of any request whose id starts with "refuse-": once its
// values are made safe, this is how an event can still fail to be written.
await sql`
  create function refuse_audit() returns trigger language plpgsql as $$
  begin
    if new.request_id like 'refuse-%' then raise exception 'audit event refused by the test'; end if;
    return new;
  end $$`.execute(base.db)
await sql`create trigger refuse_audit before insert on audit_events for each row execute function refuse_audit()`.execute(base.db)

type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE'
const eventsOf = (requestId: string) => base.db.selectFrom('audit_events').selectAll().where('requestId', '=', requestId).execute()

/** Every table but the trail itself, as one digest per table: equal digests mean nothing was written. */
async function snapshot(): Promise<string> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables
    where schemaname = current_schema() and tablename not like 'kysely_%' and tablename <> 'audit_events'
    order by tablename`.execute(base.db)
  const digests: string[] = []
  for (const { name } of rows) {
    const r = await sql<{ digest: string | null }>`select md5(string_agg(x::text, '|' order by x::text)) as digest from ${sql.table(name)} x`.execute(base.db)
    digests.push(`${name} ${r.rows[0]?.digest ?? 'empty'}`)
  }
  return digests.join('\n')
}

const CHILD = { sex: 'F', dateOfBirth: '2015-05-01', ethnicity: 'WBRI' }
const EPISODE = {
  startDate: '2024-01-10',
  reasonNewEpisode: 'S',
  legalStatus: 'C2',
  categoryOfNeed: 'N1',
  placementType: 'U4',
  placementProvider: 'PR1',
  homePostcode: 'S60 9ZZ',
  placementPostcode: 'S60 1AA',
}

t.test('every write route: an event that cannot be committed leaves nothing applied and no 2xx; one that can is there when the answer arrives', async (t) => {
  await truncateAll(base.db)
  await h.authority('372')
  const key = await h.key([...SCOPE_NAMES])
  const la = '/v1/authorities/372'
  // A young person old enough to be a care leaver, set up by an ordinary write.
  t.equal((await h.call(key, { method: 'PUT', url: `${la}/children/L1`, payload: { ...CHILD, dateOfBirth: '2006-01-10' } })).statusCode, 201)

  const made: Record<string, string> = {}
  const keep =
    (name: string, field = 'id') =>
    (res: LightMyRequestResponse) => {
      const body = res.json<Record<string, unknown>>()
      const [outer, inner] = field.split('.') as [string, string | undefined]
      made[name] = String(inner ? (body[outer] as Record<string, unknown>)[inner] : body[outer])
    }
  const finding: Record<string, string | number> = {}
  const plan = () => `${la}/action-plans/${made.plan}`
  const action = () => `${plan()}/actions/${made.action}`

  // Every write route but the imports (another engineer's; they call reply.commitAuditEvent), in an
  // order where each finds what it needs.
  const steps: Array<{ route: string; method: Method; url: () => string; payload?: object; then?: (res: LightMyRequestResponse) => void | Promise<void> }> = [
    { route: 'PUT /v1/authorities/{la}', method: 'PUT', url: () => '/v1/authorities/373', payload: { name: 'Elsewhere' } },
    {
      route: 'POST /v1/clients',
      method: 'POST',
      url: () => '/v1/clients',
      payload: { name: 'Dashboard', scopes: ['kpi:read'], authorities: ['372'] },
      then: keep('client', 'client.id'),
    },
    { route: 'DELETE /v1/clients/{clientId}', method: 'DELETE', url: () => `/v1/clients/${made.client}` },
    {
      route: 'POST /v1/webhooks',
      method: 'POST',
      url: () => '/v1/webhooks',
      payload: { url: 'https://receiver.example/hooks', events: ['import.completed'], authorities: ['372'] },
      then: keep('webhook', 'subscription.id'),
    },
    { route: 'PATCH /v1/webhooks/{id}', method: 'PATCH', url: () => `/v1/webhooks/${made.webhook}`, payload: { paused: true } },
    { route: 'POST /v1/webhooks/{id}/rotate-secret', method: 'POST', url: () => `/v1/webhooks/${made.webhook}/rotate-secret`, payload: {} },
    {
      route: 'POST /v1/webhooks/{id}/replay',
      method: 'POST',
      url: () => `/v1/webhooks/${made.webhook}/replay`,
      payload: { from: '2020-01-01T00:00:00Z' },
    },
    { route: 'DELETE /v1/webhooks/{id}', method: 'DELETE', url: () => `/v1/webhooks/${made.webhook}` },
    { route: 'PUT /v1/authorities/{la}/children/{childId}', method: 'PUT', url: () => `${la}/children/C1`, payload: CHILD },
    {
      route: 'PUT /v1/authorities/{la}/children/{childId}/episodes',
      method: 'PUT',
      url: () => `${la}/children/C1/episodes`,
      payload: { episodes: [EPISODE] },
      // A finding of C1's in the 2024-25 return, for the acknowledgement below.
      then: async () => {
        const res = await h.call(key, { method: 'GET', url: `${la}/data-quality?year=2025` })
        const found = res.json<{ findings: Array<{ rule: string; table: string; childId: string; rowKey: string }> }>().findings[0]
        if (!found) throw new Error(`C1 has no finding to acknowledge: ${res.body.slice(0, 300)}`)
        finding.year = 2025
        Object.assign(finding, { rule: found.rule, table: found.table, childId: found.childId, rowKey: found.rowKey, reason: 'Known to the service.' })
      },
    },
    {
      route: 'POST /v1/authorities/{la}/data-quality/acknowledgements',
      method: 'POST',
      url: () => `${la}/data-quality/acknowledgements`,
      payload: finding,
      then: keep('ack'),
    },
    { route: 'DELETE /v1/authorities/{la}/data-quality/acknowledgements/{id}', method: 'DELETE', url: () => `${la}/data-quality/acknowledgements/${made.ack}` },
    {
      route: 'POST /v1/authorities/{la}/camhs/referrals',
      method: 'POST',
      url: () => `${la}/camhs/referrals`,
      payload: { recordId: 'CR-1', childId: 'C1', referredOn: '2024-03-03' },
    },
    { route: 'DELETE /v1/authorities/{la}/camhs/referrals/{recordId}', method: 'DELETE', url: () => `${la}/camhs/referrals/CR-1` },
    {
      route: 'POST /v1/authorities/{la}/youth-justice/convictions',
      method: 'POST',
      url: () => `${la}/youth-justice/convictions`,
      payload: { recordId: 'YJ-1', childId: 'C1', convictedOn: '2024-03-03' },
    },
    { route: 'DELETE /v1/authorities/{la}/youth-justice/convictions/{recordId}', method: 'DELETE', url: () => `${la}/youth-justice/convictions/YJ-1` },
    {
      route: 'POST /v1/authorities/{la}/health/substance-misuse',
      method: 'POST',
      url: () => `${la}/health/substance-misuse`,
      payload: { recordId: 'SM-1', childId: 'C1', identifiedOn: '2024-03-03', interventionReceivedOn: '2024-03-10' },
    },
    { route: 'DELETE /v1/authorities/{la}/health/substance-misuse/{recordId}', method: 'DELETE', url: () => `${la}/health/substance-misuse/SM-1` },
    {
      route: 'POST /v1/authorities/{la}/advocacy/referrals',
      method: 'POST',
      url: () => `${la}/advocacy/referrals`,
      payload: { recordId: 'AR-1', childId: 'C1', referredOn: '2024-02-03' },
    },
    {
      route: 'POST /v1/authorities/{la}/advocacy/issues',
      method: 'POST',
      url: () => `${la}/advocacy/issues`,
      payload: { recordId: 'AI-1', childId: 'C1', referralRecordId: 'AR-1', raisedOn: '2024-02-03' },
    },
    { route: 'DELETE /v1/authorities/{la}/advocacy/issues/{recordId}', method: 'DELETE', url: () => `${la}/advocacy/issues/AI-1` },
    { route: 'DELETE /v1/authorities/{la}/advocacy/referrals/{recordId}', method: 'DELETE', url: () => `${la}/advocacy/referrals/AR-1` },
    {
      route: 'POST /v1/authorities/{la}/missing/return-interviews',
      method: 'POST',
      url: () => `${la}/missing/return-interviews`,
      payload: { recordId: 'RI-1', childId: 'C1', missingStart: '2024-04-10', offeredOn: '2024-04-12' },
    },
    { route: 'DELETE /v1/authorities/{la}/missing/return-interviews/{recordId}', method: 'DELETE', url: () => `${la}/missing/return-interviews/RI-1` },
    {
      route: 'POST /v1/authorities/{la}/health-checks',
      method: 'POST',
      url: () => `${la}/health-checks`,
      payload: { recordId: 'HC-1', childId: 'C1', kind: 'dental_check', date: '2024-06-01', outcome: 'completed' },
    },
    { route: 'DELETE /v1/authorities/{la}/health-checks/{recordId}', method: 'DELETE', url: () => `${la}/health-checks/HC-1` },
    {
      route: 'POST /v1/authorities/{la}/sdq',
      method: 'POST',
      url: () => `${la}/sdq`,
      payload: {
        recordId: 'SDQ-1',
        childId: 'C1',
        date: '2024-06-01',
        informant: 'carer',
        total: 15,
        emotional: 4,
        conduct: 3,
        hyperactivity: 6,
        peer: 2,
        prosocial: 7,
      },
    },
    { route: 'DELETE /v1/authorities/{la}/sdq/{recordId}', method: 'DELETE', url: () => `${la}/sdq/SDQ-1` },
    {
      route: 'POST /v1/authorities/{la}/education/peps',
      method: 'POST',
      url: () => `${la}/education/peps`,
      payload: { recordId: 'PEP-1', childId: 'C1', date: '2024-06-01', status: 'completed' },
    },
    { route: 'DELETE /v1/authorities/{la}/education/peps/{recordId}', method: 'DELETE', url: () => `${la}/education/peps/PEP-1` },
    {
      route: 'POST /v1/authorities/{la}/education/attendance',
      method: 'POST',
      url: () => `${la}/education/attendance`,
      payload: { recordId: 'ATT-1', childId: 'C1', academicYear: '2023/24', term: 'spring', possibleSessions: 120, attendedSessions: 110 },
    },
    { route: 'DELETE /v1/authorities/{la}/education/attendance/{recordId}', method: 'DELETE', url: () => `${la}/education/attendance/ATT-1` },
    {
      route: 'POST /v1/authorities/{la}/education/exclusions',
      method: 'POST',
      url: () => `${la}/education/exclusions`,
      payload: { recordId: 'SUS-1', childId: 'C1', kind: 'suspension', startDate: '2024-03-04', days: 1 },
    },
    { route: 'DELETE /v1/authorities/{la}/education/exclusions/{recordId}', method: 'DELETE', url: () => `${la}/education/exclusions/SUS-1` },
    {
      route: 'POST /v1/authorities/{la}/education/attainment',
      method: 'POST',
      url: () => `${la}/education/attainment`,
      payload: {
        recordId: 'KS2-1',
        childId: 'C1',
        academicYear: '2023/24',
        keyStage: 'ks2',
        readingExpected: true,
        writingExpected: true,
        mathsExpected: false,
      },
    },
    { route: 'DELETE /v1/authorities/{la}/education/attainment/{recordId}', method: 'DELETE', url: () => `${la}/education/attainment/KS2-1` },
    { route: 'POST /v1/authorities/{la}/care-leavers', method: 'POST', url: () => `${la}/care-leavers`, payload: { childId: 'L1', eligibility: 'relevant' } },
    {
      route: 'POST /v1/authorities/{la}/personal-advisers',
      method: 'POST',
      url: () => `${la}/personal-advisers`,
      payload: { recordId: 'PA1', childId: 'L1', allocatedOn: '2025-01-01', endedOn: null },
    },
    {
      route: 'POST /v1/authorities/{la}/pathway-plans',
      method: 'POST',
      url: () => `${la}/pathway-plans`,
      payload: { recordId: 'P1', childId: 'L1', planDate: '2024-01-15', reviews: ['2024-08-31'] },
    },
    {
      route: 'POST /v1/authorities/{la}/pathway-plan-reviews',
      method: 'POST',
      url: () => `${la}/pathway-plan-reviews`,
      payload: { recordId: 'PR1', childId: 'L1', planRecordId: 'P1', date: '2025-02-28' },
    },
    { route: 'DELETE /v1/authorities/{la}/pathway-plan-reviews/{recordId}', method: 'DELETE', url: () => `${la}/pathway-plan-reviews/PR1` },
    {
      route: 'POST /v1/authorities/{la}/care-leaver-contacts',
      method: 'POST',
      url: () => `${la}/care-leaver-contacts`,
      payload: { recordId: 'K1', childId: 'L1', date: '2025-01-10', inTouch: 'YES', activity: 'F5', accommodation: 'U1' },
    },
    { route: 'DELETE /v1/authorities/{la}/care-leaver-contacts/{recordId}', method: 'DELETE', url: () => `${la}/care-leaver-contacts/K1` },
    { route: 'DELETE /v1/authorities/{la}/pathway-plans/{recordId}', method: 'DELETE', url: () => `${la}/pathway-plans/P1` },
    { route: 'DELETE /v1/authorities/{la}/personal-advisers/{recordId}', method: 'DELETE', url: () => `${la}/personal-advisers/PA1` },
    { route: 'DELETE /v1/authorities/{la}/care-leavers/{childId}', method: 'DELETE', url: () => `${la}/care-leavers/L1` },
    {
      route: 'PUT /v1/authorities/{la}/populations',
      method: 'PUT',
      url: () => `${la}/populations`,
      payload: { items: [{ year: 2024, population: 57_000 }] },
    },
    {
      route: 'PUT /v1/authorities/{la}/benchmarks',
      method: 'PUT',
      url: () => `${la}/benchmarks`,
      payload: { items: [{ kpiId: 'in-house-share', kind: 'national', periodEnd: '2025-03-31', value: 45 }] },
    },
    {
      route: 'DELETE /v1/authorities/{la}/benchmarks',
      method: 'DELETE',
      url: () => `${la}/benchmarks?kpiId=in-house-share&kind=national&periodEnd=2025-03-31`,
    },
    {
      route: 'POST /v1/authorities/{la}/action-plans',
      method: 'POST',
      url: () => `${la}/action-plans`,
      payload: { title: 'Plan', priorities: [{ number: 1, title: 'One' }] },
      then: keep('plan'),
    },
    {
      route: 'POST /v1/authorities/{la}/action-plans/import',
      method: 'POST',
      url: () => `${la}/action-plans/import`,
      payload: {
        title: 'Imported',
        format: 'csv',
        content: 'Ref,Action,Progress Update,Lead Officer,By When,RAG Status\n1.1,Open two homes,,Kim Wilson,May 2026,Green\n',
      },
    },
    { route: 'PATCH /v1/authorities/{la}/action-plans/{planId}', method: 'PATCH', url: plan, payload: { title: 'Plan 2026-27' } },
    {
      route: 'PUT /v1/authorities/{la}/action-plans/{planId}/priorities/{number}',
      method: 'PUT',
      url: () => `${plan()}/priorities/2`,
      payload: { title: 'Two' },
    },
    { route: 'DELETE /v1/authorities/{la}/action-plans/{planId}/priorities/{number}', method: 'DELETE', url: () => `${plan()}/priorities/2` },
    {
      route: 'POST /v1/authorities/{la}/action-plans/{planId}/actions',
      method: 'POST',
      url: () => `${plan()}/actions`,
      payload: { ref: '1.1', priority: 1, action: 'A', byWhen: 'May 2026' },
      then: keep('action'),
    },
    { route: 'PATCH /v1/authorities/{la}/action-plans/{planId}/actions/{actionId}', method: 'PATCH', url: action, payload: { status: 'in_progress' } },
    {
      route: 'POST /v1/authorities/{la}/action-plans/{planId}/actions/{actionId}/due-date',
      method: 'POST',
      url: () => `${action()}/due-date`,
      payload: { dueDate: '2026-06-30', reason: 'r' },
    },
    {
      route: 'PUT /v1/authorities/{la}/action-plans/{planId}/actions/{actionId}/rag-override',
      method: 'PUT',
      url: () => `${action()}/rag-override`,
      payload: { colour: 'amber', reason: 'r' },
    },
    { route: 'DELETE /v1/authorities/{la}/action-plans/{planId}/actions/{actionId}/rag-override', method: 'DELETE', url: () => `${action()}/rag-override` },
    {
      route: 'POST /v1/authorities/{la}/action-plans/{planId}/actions/{actionId}/updates',
      method: 'POST',
      url: () => `${action()}/updates`,
      payload: { date: '2026-01-05', text: 'note' },
    },
    { route: 'DELETE /v1/authorities/{la}/action-plans/{planId}/actions/{actionId}', method: 'DELETE', url: action },
    { route: 'DELETE /v1/authorities/{la}/action-plans/{planId}', method: 'DELETE', url: plan },
    { route: 'DELETE /v1/authorities/{la}/children/{childId}', method: 'DELETE', url: () => `${la}/children/C1` },
  ]

  // The list is complete: every write route in the contract is here, the imports aside, and the 903
  // validation, a POST that stores nothing and is audited as a read (test/modules/data-quality).
  const doc = h.app.swagger() as unknown as { paths: Record<string, Record<string, unknown>> }
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  )
  t.same(
    steps.map((s) => s.route).sort(),
    documented.filter((r) => !/\/imports(\/|$)|\/returns\/ssda903\/validate$/.test(r)).sort(),
    'every write route but the imports is tried',
  )

  let n = 0
  for (const step of steps) {
    n++
    const send = (requestId: string) =>
      h.call(key, { method: step.method, url: step.url(), headers: { 'x-request-id': requestId }, ...(step.payload ? { payload: step.payload } : {}) })
    const before = await snapshot()
    const refused = await send(`refuse-${n}`)
    expectProblem(t, refused, 500)
    t.equal(await snapshot(), before, `${step.route}: nothing applied when its event cannot be committed`)

    const ok = await send(`ok-${n}`)
    t.ok(
      ok.statusCode >= 200 && ok.statusCode < 300,
      `${step.route}: applied once its event can be committed (${ok.statusCode} ${ok.statusCode >= 300 ? ok.body : ''})`,
    )
    // Read straight away, without waiting for any batch: the event came with the answer.
    const events = await eventsOf(`ok-${n}`)
    t.equal(events.length, 1, `${step.route}: one event, there when the answer arrives`)
    t.match(events[0], { status: ok.statusCode, action: step.method.toLowerCase(), resource: step.route.split(' ')[1]?.replace(/\{(\w+)\}/g, ':$1') })
    await step.then?.(ok)
  }
  t.ok(
    h.logs.some((l) => l.includes('"code":"P0001"') && l.includes('audit event could not be written')),
    'the lost events of the refused attempts are logged by code',
  )
})

t.test('a write refused with 4xx stores nothing, and its attempt is still in the trail', async (t) => {
  await truncateAll(base.db)
  await h.authority('372')
  const key = await h.key(['records:write'])
  t.equal((await h.call(key, { method: 'PUT', url: '/v1/authorities/372/children/C1', payload: CHILD })).statusCode, 201)
  const before = await snapshot()
  // An episode list the data model cannot hold: an episode that ends before it starts.
  const res = await h.call(key, {
    method: 'PUT',
    url: '/v1/authorities/372/children/C1/episodes',
    headers: { 'x-request-id': 'refused-422' },
    payload: { episodes: [{ ...EPISODE, endDate: '2024-01-05', reasonEnded: 'E11' }] },
  })
  expectProblem(t, res, 422)
  t.equal(await snapshot(), before, 'nothing stored')
  t.match(await eventsOf('refused-422'), [{ status: 422, action: 'put', resourceId: 'C1', la: '372' }], 'recorded before the answer left')
})

t.test('the database goes away as the event is written: 503, the write is not applied, the attempt is recorded once it is back', async (t) => {
  await truncateAll(base.db)
  await h.authority('372')
  const key = await h.key(['records:write'])
  const before = await snapshot()
  outage.armed = true
  const res = await h.call(key, { method: 'PUT', url: '/v1/authorities/372/children/C9', headers: { 'x-request-id': 'outage-1' }, payload: CHILD })
  outage.armed = false
  const body = expectProblem(t, res, 503)
  t.match(body.type, /unavailable$/)
  t.equal(res.headers['retry-after'], '5')
  t.equal(await snapshot(), before, 'the child is not stored')
  t.match(await eventsOf('outage-1'), [{ status: 503, action: 'put', resourceId: 'C9' }], 'the failed attempt is in the trail')
  t.equal((await h.call(key, { method: 'PUT', url: '/v1/authorities/372/children/C9', payload: CHILD })).statusCode, 201, 'a retry is applied')
})

t.test('poisoned requests sent among legitimate ones cannot thin the trail', async (t) => {
  await truncateAll(base.db)
  await h.authority('372')
  const key = await h.key(['records:write', 'records:read'])
  const ids = Array.from({ length: 12 }, (_, i) => `C${i + 1}`)
  for (const id of ids) t.equal((await h.call(key, { method: 'PUT', url: `/v1/authorities/372/children/${id}`, payload: CHILD })).statusCode, 201)

  type Call = { requestId: string; method: Method; url: string; payload?: object; status: number }
  const legit: Call[] = []
  const poison: Call[] = []
  for (let round = 0; round < 3; round++) {
    for (const id of ids) {
      legit.push({ requestId: `read-${round}-${id}`, method: 'GET', url: `/v1/authorities/372/children/${id}`, status: 200 })
      legit.push({ requestId: `write-${round}-${id}`, method: 'PUT', url: `/v1/authorities/372/children/${id}`, payload: CHILD, status: 200 })
    }
    poison.push(
      // U+0000 in a path parameter: PostgreSQL takes it neither in text nor in jsonb.
      { requestId: `nul-read-${round}`, method: 'GET', url: '/v1/authorities/372/children/%00', status: 400 },
      { requestId: `nul-write-${round}`, method: 'PUT', url: '/v1/authorities/372/children/C1%00', payload: CHILD, status: 400 },
      { requestId: `nul-delete-${round}`, method: 'DELETE', url: '/v1/authorities/372/children/%00%00', status: 400 },
      // A lone surrogate (the URL carries it as U+FFFD) and a percent-encoded one (not UTF-8: refused before auth).
      { requestId: `surrogate-${round}`, method: 'GET', url: '/v1/authorities/372/children/C\uD800', status: 400 },
      { requestId: `surrogate-enc-${round}`, method: 'GET', url: '/v1/authorities/372/children/C%ED%A0%80', status: 400 },
      // Overlong values: the longest a path parameter may be (100), and past it (refused by the router, 400).
      { requestId: `long-read-${round}`, method: 'GET', url: `/v1/authorities/372/children/${'C'.repeat(100)}`, status: 400 },
      { requestId: `long-write-${round}`, method: 'PUT', url: `/v1/authorities/372/children/${'%00'.repeat(100)}`, payload: CHILD, status: 400 },
      { requestId: `too-long-${round}`, method: 'GET', url: `/v1/authorities/372/children/${'C'.repeat(5000)}`, status: 400 },
      // An event the database refuses outright (the test's trigger): only it may be lost.
      { requestId: `refuse-read-${round}`, method: 'GET', url: '/v1/authorities/372/children/C1', status: 200 },
    )
  }
  // Shuffled together and sent at once, so poisoned events share batches with legitimate ones.
  const all = [...legit, ...poison]
    .map((c, i) => ({ c, k: (i * 7919) % 97 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.c)
  const answers = await Promise.all(
    all.map((c) => h.call(key, { method: c.method, url: c.url, headers: { 'x-request-id': c.requestId }, ...(c.payload ? { payload: c.payload } : {}) })),
  )
  all.forEach((c, i) => t.equal(answers[i]?.statusCode, c.status, `${c.requestId} answered ${c.status}`))
  await h.app.flushAudit()

  const trail = new Map((await base.db.selectFrom('audit_events').selectAll().execute()).map((e) => [e.requestId, e]))
  const missing = legit.filter((c) => trail.get(c.requestId)?.status !== c.status).map((c) => c.requestId)
  t.same(missing, [], `all ${legit.length} legitimate events are in the trail`)

  for (let round = 0; round < 3; round++) {
    t.equal(trail.get(`nul-read-${round}`)?.resourceId, '\uFFFD', 'U+0000 is kept as U+FFFD')
    t.equal(trail.get(`nul-delete-${round}`)?.resourceId, '\uFFFD\uFFFD')
    t.equal(trail.get(`surrogate-${round}`)?.resourceId, 'C\uFFFD')
    t.equal(trail.get(`long-read-${round}`)?.resourceId, 'C'.repeat(100), 'a long id is kept whole (events keep up to MAX_EVENT_TEXT)')
    t.equal(trail.get(`long-write-${round}`)?.resourceId, '\uFFFD'.repeat(100))
    t.notOk(trail.has(`too-long-${round}`), 'a path parameter past 100 characters is refused by the router before the key is read: no event')
    t.notOk(trail.has(`surrogate-enc-${round}`), 'a path that is not UTF-8 is refused before the key is read: no client, no event')
    t.notOk(trail.has(`refuse-read-${round}`), 'the one event the database refused is the only one lost')
  }
  const lost = h.logs.filter((l) => l.includes('audit event could not be written') && l.includes('refuse-read-'))
  t.equal(lost.length, 3, 'each lost event is logged, by request id')
  for (const line of lost) {
    const { level, time, pid, hostname, ...said } = JSON.parse(line) as Record<string, unknown>
    t.same(Object.keys(said).sort(), ['code', 'msg', 'requestId'], 'saying only its request id and the error code, no values')
  }
})
