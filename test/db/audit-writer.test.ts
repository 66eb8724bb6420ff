import { sql } from 'kysely'
import t from 'tap'
import { auditRow, AuditWriter, MAX_EVENT_TEXT, recordAuditEvent, safeText, type AuditEvent } from '../../src/db/audit-writer.ts'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import { testDatabase } from '../helper.ts'

/** Audit events reach PostgreSQL whatever a caller sent, and one bad event never takes others with it. */

t.test('safeText: U+0000 and lone surrogates become U+FFFD, overlong text is cut, the rest is kept', async (t) => {
  t.equal(safeText('C1'), 'C1')
  t.equal(safeText('a\u0000b'), 'a\uFFFDb')
  t.equal(safeText('\uD800x'), '\uFFFDx', 'a high surrogate alone')
  t.equal(safeText('x\uDC00'), 'x\uFFFD', 'a low surrogate alone')
  t.equal(safeText('\uDC00\uD800'), '\uFFFD\uFFFD', 'a pair in the wrong order')
  t.equal(safeText('a\uD83D\uDE00b'), 'a\uD83D\uDE00b', 'a real pair (an emoji) is kept')
  t.equal(safeText('x'.repeat(MAX_EVENT_TEXT)), 'x'.repeat(MAX_EVENT_TEXT), 'at the limit: kept')
  t.equal(safeText('x'.repeat(MAX_EVENT_TEXT + 1)), `${'x'.repeat(MAX_EVENT_TEXT - 1)}…`, 'past it: cut, marked')
  const split = safeText(`${'x'.repeat(MAX_EVENT_TEXT - 2)}\uD83D\uDE00tail`)
  t.equal(split, `${'x'.repeat(MAX_EVENT_TEXT - 2)}\uFFFD…`, 'a pair cut in two is replaced, not left half')
})

t.test('auditRow: a value the column cannot take is dropped, not sent', async (t) => {
  const event: AuditEvent = { clientId: 'not-a-uuid', la: '37\u0000', action: 'put', resource: '/r', resourceId: null, requestId: 'r1', status: 1.5 }
  t.match(auditRow(event), { clientId: null, la: null, status: null, resourceId: null })
  t.match(auditRow({ ...event, clientId: '00000000-0000-4000-8000-000000000000', la: '372', status: 201 }), {
    clientId: '00000000-0000-4000-8000-000000000000',
    la: '372',
    status: 201,
  })
})

const { db } = await testDatabase(t)
const { client } = await createApiClient(db, { name: 'writer', scopes: ['records:read'], authorities: ['372'] })
const event = (requestId: string, resourceId: string | null = 'C1'): AuditEvent => ({
  clientId: client.id,
  la: '372',
  action: 'read',
  resource: '/v1/authorities/:la/children/:childId',
  resourceId,
  requestId,
  status: 200,
})
const stored = async (requestId: string) =>
  (await db.selectFrom('audit_events').select(['resourceId', 'status']).where('requestId', '=', requestId).execute()).map((r) => r.resourceId)

await sql`
  create function refuse_audit() returns trigger language plpgsql as $$
  begin
    if new.request_id like 'refuse-%' then raise exception 'audit event refused by the test'; end if;
    return new;
  end $$`.execute(db)
await sql`create trigger refuse_audit before insert on audit_events for each row execute function refuse_audit()`.execute(db)

const POISON = ['\u0000', 'C\uD800', '\uDFFFC', 'C'.repeat(10_000), '\u0000\uDC00'.repeat(300)]

t.test('recordAuditEvent writes values PostgreSQL refuses as text, made safe', async (t) => {
  for (const [i, value] of POISON.entries()) await recordAuditEvent(db, event(`one-${i}`, value))
  t.same(await stored('one-0'), ['\uFFFD'])
  t.same(await stored('one-1'), ['C\uFFFD'])
  t.same(await stored('one-2'), ['\uFFFDC'])
  t.same((await stored('one-3'))[0]?.length, MAX_EVENT_TEXT)
  t.same(await stored('one-4'), [`${'\uFFFD'.repeat(MAX_EVENT_TEXT - 1)}…`])
})

t.test('AuditWriter: poisoned values travel in a batch (one jsonb parameter) without failing it', async (t) => {
  const writer = new AuditWriter(db)
  const done = [event('batch-first'), ...POISON.map((v, i) => event(`batch-${i}`, v)), event('batch-last')].map((e) => writer.record(e))
  await Promise.all(done)
  t.same(await stored('batch-0'), ['\uFFFD'])
  t.same(await stored('batch-last'), ['C1'])
})

t.test('AuditWriter: a batch the database refuses is written again event by event; only the bad one is lost', async (t) => {
  const writer = new AuditWriter(db)
  // The first event is written alone; the next ten arrive while it is in flight and go as one batch.
  const first = writer.record(event('retry-first'))
  const rest = Array.from({ length: 10 }, (_, i) => (i === 4 ? 'refuse-retry' : `retry-${i}`)).map((id) => ({ id, done: writer.record(event(id)) }))
  await first
  const settled = await Promise.allSettled(rest.map((r) => r.done))
  t.same(
    settled.map((s) => s.status),
    rest.map((r) => (r.id === 'refuse-retry' ? 'rejected' : 'fulfilled')),
    "only the refused event's promise rejects",
  )
  for (const r of rest) t.same(await stored(r.id), r.id === 'refuse-retry' ? [] : ['C1'], `${r.id}: ${r.id === 'refuse-retry' ? 'lost' : 'written'}`)
  const refused = settled[4]
  t.match(refused?.status === 'rejected' ? refused.reason : null, { code: 'P0001' }, 'the caller learns why, by code')
  await writer.drain()
})
