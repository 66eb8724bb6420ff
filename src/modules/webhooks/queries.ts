import { sql, type Kysely, type Selectable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { WebhookSubscriptionsTable } from '../../db/tables/webhooks.ts'
import type { EventTypeName } from '../../domain/webhooks/events.ts'
import type { DeliveryQuery, Replay, WebhookDelivery, WebhookSubscription } from './schemas.ts'

const COLUMNS = ['id', 'clientId', 'url', 'events', 'authorities', 'description', 'paused', 'previousSecretUntil', 'createdAt', 'updatedAt'] as const
type Row = Pick<Selectable<WebhookSubscriptionsTable>, (typeof COLUMNS)[number]>

const toSubscription = (row: Row): WebhookSubscription => ({
  id: row.id,
  clientId: row.clientId,
  url: row.url,
  events: row.events as EventTypeName[],
  authorities: row.authorities,
  description: row.description,
  paused: row.paused,
  previousSecretValidUntil: row.previousSecretUntil ? row.previousSecretUntil.toISOString() : null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
})

export async function createSubscription(
  db: Kysely<Database>,
  input: { clientId: string; url: string; events: string[]; authorities: string[]; description: string | null; secret: string },
): Promise<WebhookSubscription> {
  const row = await db
    .insertInto('webhook_subscriptions')
    .values({ ...input, updatedAt: new Date() })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()
  return toSubscription(row)
}

/** Subscriptions, oldest first; those of one client when clientId is given. Never their secrets. */
export async function listSubscriptions(db: Kysely<Database>, clientId?: string): Promise<WebhookSubscription[]> {
  let q = db.selectFrom('webhook_subscriptions').select(COLUMNS).orderBy('createdAt').orderBy('id')
  if (clientId) q = q.where('clientId', '=', clientId)
  return (await q.execute()).map(toSubscription)
}

export async function findSubscription(db: Kysely<Database>, id: string): Promise<WebhookSubscription | null> {
  const row = await db.selectFrom('webhook_subscriptions').select(COLUMNS).where('id', '=', id).executeTakeFirst()
  return row ? toSubscription(row) : null
}

export async function deleteSubscription(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await db.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst()
  return r.numDeletedRows > 0n
}

export async function updateSubscription(
  db: Kysely<Database>,
  id: string,
  change: { paused?: boolean; events?: string[]; description?: string | null },
): Promise<WebhookSubscription | null> {
  const row = await db
    .updateTable('webhook_subscriptions')
    .set({ ...change, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst()
  return row ? toSubscription(row) : null
}

/** A new secret; the old one keeps signing for overlapHours (0: it stops at once). */
export async function rotateSecret(db: Kysely<Database>, id: string, secret: string, overlapHours: number): Promise<WebhookSubscription | null> {
  const row = await db
    .updateTable('webhook_subscriptions')
    .set({
      previousSecret: overlapHours > 0 ? sql<string>`secret` : null,
      previousSecretUntil: overlapHours > 0 ? sql<Date>`now() + make_interval(hours => ${overlapHours})` : null,
      secret,
      updatedAt: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst()
  return row ? toSubscription(row) : null
}

/** The owner of a subscription as the checks need it: its scopes and authorities, null when revoked or absent. */
export async function activeClient(db: Kysely<Database>, id: string): Promise<{ id: string; scopes: string[]; authorities: string[] } | null> {
  const row = await db.selectFrom('api_clients').select(['id', 'scopes', 'authorities']).where('id', '=', id).where('revokedAt', 'is', null).executeTakeFirst()
  return row ?? null
}

/** A subscription's deliveries, newest first, a page at a time. */
export async function listDeliveries(db: Kysely<Database>, subscriptionId: string, q: DeliveryQuery): Promise<WebhookDelivery[]> {
  let query = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.eventId')
    .select([
      'd.id',
      'd.eventId',
      'e.type',
      'd.childId',
      'd.status',
      'd.attempts',
      'd.nextAttemptAt',
      'd.lastStatusCode',
      'd.lastLatencyMs',
      'd.lastError',
      'd.deliveredAt',
      'd.createdAt',
    ])
    .where('d.subscriptionId', '=', subscriptionId)
    .orderBy('d.id', 'desc')
    .limit(q.limit)
  if (q.status) query = query.where('d.status', '=', q.status)
  if (q.before) query = query.where('d.id', '<', q.before)
  return (await query.execute()).map((r) => ({
    id: String(r.id),
    eventId: r.eventId,
    type: r.type as EventTypeName,
    childId: r.childId,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
    lastStatusCode: r.lastStatusCode,
    lastLatencyMs: r.lastLatencyMs,
    lastError: r.lastError,
    deliveredAt: r.deliveredAt ? r.deliveredAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
  }))
}

/**
 * Sends events again: the subscription's deliveries of these events (or of the events written in
 * [from, to)) become due now, whatever their state. Their attempts start again from zero; the retry
 * window still counts from the event. Returns how many.
 */
export async function replayDeliveries(db: Kysely<Database>, subscriptionId: string, replay: Replay): Promise<number> {
  let q = db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', nextAttemptAt: sql<Date>`now()`, attempts: 0, deliveredAt: null })
    .where('subscriptionId', '=', subscriptionId)
  if (replay.eventIds) q = q.where('eventId', 'in', replay.eventIds)
  if (replay.from || replay.to) {
    q = q.where('eventId', 'in', (eb) => {
      let events = eb.selectFrom('webhook_events').select('id')
      if (replay.from) events = events.where('webhook_events.createdAt', '>=', new Date(replay.from))
      if (replay.to) events = events.where('webhook_events.createdAt', '<', new Date(replay.to))
      return events
    })
  }
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows)
}
