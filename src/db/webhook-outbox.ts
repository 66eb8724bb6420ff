import type { Kysely } from 'kysely'
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
