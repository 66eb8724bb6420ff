import { sql, type Kysely } from 'kysely'
import type { DueEvent } from '../domain/webhooks/due.ts'
import type { TypedEvent } from '../domain/webhooks/payloads.ts'
import type { Database } from './database.ts'

/** An event as its schema says (domain/webhooks/payloads.ts): ids, dates and counts only. */
export type OutboxEvent = TypedEvent

/**
 * Puts events in the webhook outbox. Call it with the transaction of the change that caused them
 * (an import's, in the worker thread too): they commit with it, and a change rolled back sends
 * nothing. One statement for all of them; the dispatcher delivers them after the commit.
 */
export async function recordWebhookEvents(trx: Kysely<Database>, events: readonly OutboxEvent[]): Promise<void> {
  if (events.length === 0) return
  await trx
    .insertInto('webhook_events')
    .values(events.map((e) => ({ la: e.la, type: e.type, childId: e.childId ?? null, payload: JSON.stringify(e.payload) })))
    .execute()
}

/**
 * Puts the daily job's due and overdue events in the outbox, each at most once per (type, authority,
 * child, due date): one already there (an earlier run today, or a day before) is left as it is and
 * sends nothing new. One statement; answers the types of those it inserted.
 */
export async function recordDueEvents(db: Kysely<Database>, events: readonly DueEvent[]): Promise<Array<DueEvent['type']>> {
  if (events.length === 0) return []
  const rows = await db
    .insertInto('webhook_events')
    .values(events.map((e) => ({ la: e.la, type: e.type, childId: e.childId, dueOn: e.dueOn, payload: JSON.stringify(e.payload) })))
    .onConflict((oc) => oc.columns(['type', 'la', 'childId', 'dueOn']).where('dueOn', 'is not', null).doNothing())
    .returning('type')
    .execute()
  return rows.map((r) => r.type as DueEvent['type'])
}

/**
 * Retention: deliveries delivered more than `days` ago are deleted, then events that old with no
 * delivery left (all delivered and deleted, or none wanted them). Pending and parked deliveries
 * stay, with their events, until they are delivered or their subscription goes. Answers how many of each.
 */
export async function purgeDelivered(db: Kysely<Database>, days: number): Promise<{ deliveries: number; events: number }> {
  const deliveries = await db
    .deleteFrom('webhook_deliveries')
    .where('status', '=', 'delivered')
    .where('deliveredAt', '<', sql<Date>`now() - make_interval(days => ${days})`)
    .executeTakeFirst()
  const events = await db
    .deleteFrom('webhook_events as e')
    .where('e.createdAt', '<', sql<Date>`now() - make_interval(days => ${days})`)
    .where('e.fannedOutAt', 'is not', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.eventId', '=', 'e.id'))))
    .executeTakeFirst()
  return { deliveries: Number(deliveries.numDeletedRows), events: Number(events.numDeletedRows) }
}
