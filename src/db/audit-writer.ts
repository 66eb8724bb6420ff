import type { Kysely } from 'kysely'
import { insertRows } from './bulk.ts'
import type { Database } from './database.ts'

export interface AuditEvent {
  clientId: string
  la: string | null
  action: string
  resource: string
  resourceId: string | null
  requestId: string
  status: number
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

/**
 * Writes audit events with group commit: events that arrive while a write is in flight go together in
 * the next single INSERT, and each caller's promise settles when its own event is committed. A request
 * still waits for its event, but under load one round trip and one commit serve many requests.
 */
export class AuditWriter {
  private pending: Array<{ event: AuditEvent; done: (err?: unknown) => void }> = []
  private flushing: Promise<void> | null = null

  constructor(private readonly db: Kysely<Database>) {}

  record(event: AuditEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ event, done: (err) => (err ? reject(err) : resolve()) })
      if (!this.flushing) this.flushing = this.flushLoop()
    })
  }

  /** Resolves when everything recorded so far is written. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending
        this.pending = []
        try {
          await insertRows(
            this.db,
            'audit_events',
            COLUMNS,
            batch.map(({ event: e }) => ({
              client_id: e.clientId,
              la: e.la,
              action: e.action,
              resource: e.resource,
              resource_id: e.resourceId,
              request_id: e.requestId,
              status: e.status,
            })),
          )
          for (const b of batch) b.done()
        } catch (err) {
          for (const b of batch) b.done(err)
        }
      }
    } finally {
      this.flushing = null
    }
  }
}
