import type { Insertable, Kysely } from 'kysely'
import { insertRows } from './bulk.ts'
import type { Database } from './database.ts'
import type { AuditEventsTable } from './tables/platform.ts'

export interface AuditEvent {
  /** The API client; null for a write no client made (none today: the CLIs are not audited). */
  clientId: string | null
  la: string | null
  action: string
  resource: string
  resourceId: string | null
  requestId: string
  status: number
}

/** The longest text an event keeps in one field: a resource id is at most 100 characters when valid. */
export const MAX_EVENT_TEXT = 200

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const LA = /^\d{3}$/
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const REPLACEMENT = '\uFFFD'

/**
 * Text PostgreSQL takes in text and jsonb whatever a caller sent: U+0000 and lone UTF-16 surrogates
 * (which it refuses) become U+FFFD, and an overlong value is cut to `max` characters ending in '…'.
 * Cut first, so a pair split by the cut is replaced too.
 */
export function safeText(value: string, max = MAX_EVENT_TEXT): string {
  const cut = value.length > max ? `${value.slice(0, max - 1)}…` : value
  return cut.replace(LONE_SURROGATE, REPLACEMENT).replaceAll('\u0000', REPLACEMENT)
}

/**
 * The row an event becomes, every value one the table accepts: text made safe, a client id that is
 * not a uuid or an authority that is not three digits dropped (null), a status that is not an
 * integer dropped. Only the database being down (or a client row gone) can refuse it now.
 */
export function auditRow(e: AuditEvent): Insertable<AuditEventsTable> {
  return {
    clientId: e.clientId !== null && UUID.test(e.clientId) ? e.clientId : null,
    la: e.la !== null && LA.test(e.la) ? e.la : null,
    action: safeText(e.action, 20),
    resource: safeText(e.resource),
    resourceId: e.resourceId === null ? null : safeText(e.resourceId),
    requestId: safeText(e.requestId),
    status: Number.isInteger(e.status) ? e.status : null,
  }
}

/**
 * Writes one event now. Called with a transaction, the event commits (or rolls back) with that
 * transaction's writes: this is how a write and its event are one unit. Routes reach it through
 * `reply.auditedWrite` / `reply.commitAuditEvent` (src/plugins/audit.ts), which also tell the plugin
 * the event is written.
 */
export async function recordAuditEvent(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db.insertInto('audit_events').values(auditRow(event)).execute()
}

const COLUMNS = {
  client_id: 'uuid',
  la: 'text',
  action: 'text',
  resource: 'text',
  resource_id: 'text',
  request_id: 'text',
  status: 'int',
}

const snakeRow = (e: AuditEvent) => {
  const r = auditRow(e)
  return {
    client_id: r.clientId,
    la: r.la,
    action: r.action,
    resource: r.resource,
    resource_id: r.resourceId,
    request_id: r.requestId,
    status: r.status,
  }
}

/**
 * Writes audit events outside any request's transaction (reads, refused writes) with group commit:
 * events that arrive while a write is in flight go together in the next single INSERT, and each
 * caller's promise settles when its own event is committed. Under load one round trip and one commit
 * serve many requests. When a batch fails it is written again event by event, so an event that
 * cannot be written (none should, once made safe) costs only itself, never its neighbours.
 */
export class AuditWriter {
  private pending: Array<{ event: AuditEvent; done: (err?: unknown) => void }> = []
  private flushing: Promise<void> | null = null

  constructor(private readonly db: Kysely<Database>) {}

  record(event: AuditEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ event, done: (err) => (err ? reject(err instanceof Error ? err : new Error('the audit write failed', { cause: err })) : resolve()) })
      if (!this.flushing) this.flushing = this.flushLoop()
    })
  }

  /** Resolves when everything recorded so far is written (or has failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending
        this.pending = []
        await this.write(batch)
      }
    } finally {
      this.flushing = null
    }
  }

  private async write(batch: Array<{ event: AuditEvent; done: (err?: unknown) => void }>): Promise<void> {
    try {
      await insertRows(
        this.db,
        'audit_events',
        COLUMNS,
        batch.map((b) => snakeRow(b.event)),
      )
      for (const b of batch) b.done()
      return
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.done(err)
        return
      }
    }
    for (const b of batch) {
      try {
        await recordAuditEvent(this.db, b.event)
        b.done()
      } catch (err) {
        b.done(err)
      }
    }
  }
}
