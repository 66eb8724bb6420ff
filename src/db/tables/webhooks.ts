import type { ColumnType, Generated } from 'kysely'
import type { CreatedAt, Json, Timestamp } from '../types.ts'

/** A partner's subscription: where to send which events of which authorities, and how to sign them. */
export interface WebhookSubscriptionsTable {
  id: Generated<string>
  /** The API client it belongs to: its scopes and authorities bound what it receives. */
  clientId: string
  url: string
  events: string[]
  /** Authority codes, or '*' for every authority the client holds. */
  authorities: string[]
  description: string | null
  /** `whsec_...`: kept as given, since signing needs it. Never returned after creation. */
  secret: string
  /** The secret before the last rotation, still signing until previousSecretUntil. */
  previousSecret: string | null
  previousSecretUntil: Timestamp | null
  paused: ColumnType<boolean, boolean | undefined, boolean>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

/** What an event carries: ids, dates and counts only, never personal data. */
export type WebhookPayload = Record<string, unknown>

/** The outbox: one row per event, written in the transaction of the change that caused it. */
export interface WebhookEventsTable {
  id: Generated<string>
  /** The order events were written in (created_at is one value for a whole transaction). */
  seq: Generated<string>
  la: string
  type: string
  /** The child the event is about; deliveries for one child go out in seq order. */
  childId: string | null
  payload: Json<WebhookPayload>
  createdAt: CreatedAt
  /** When the dispatcher made its deliveries; null until then. */
  fannedOutAt: Timestamp | null
  /** The due date a daily due/overdue event announces: one event per (type, la, child, due date). */
  dueOn: string | null
}

export type DeliveryStatus = 'pending' | 'delivered' | 'parked'

/** One event for one subscription: sent until the receiver answers 2xx, or parked after the retry window. */
export interface WebhookDeliveriesTable {
  id: Generated<string>
  eventId: string
  subscriptionId: string
  eventSeq: string
  childId: string | null
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>
  attempts: ColumnType<number, number | undefined, number>
  nextAttemptAt: ColumnType<Date, Date | string | undefined, Date | string>
  lastStatusCode: number | null
  lastLatencyMs: number | null
  /** Why the last attempt failed, at most 1,000 characters; never the receiver's body beyond that. */
  lastError: string | null
  deliveredAt: Timestamp | null
  createdAt: CreatedAt
}
