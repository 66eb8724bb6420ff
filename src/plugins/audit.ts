import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Kysely, Transaction } from 'kysely'
import { recordAuditEvent, type AuditEvent, type AuditWriter } from '../db/audit-writer.ts'
import type { Database } from '../db/database.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Child-level reads are audited like writes. */
    auditRead?: boolean
    /** A POST that stores nothing and answers data (validating an upload): audited as a read. */
    auditAsRead?: boolean
  }
  interface FastifyReply {
    /**
     * Runs a write route's work in one transaction that also holds the request's audit event, written
     * last with the status the reply will answer (set it in `work` with reply.code(); 200 otherwise).
     * Resolves with work's result once both are committed. Work that throws, or leaves a 4xx or 5xx
     * status, rolls everything back (the refused attempt is then audited on its own). An error
     * reaches the error handler as it was thrown: a database out of reach is a 503 there.
     */
    auditedWrite<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>
    /**
     * For a write that opens its own transaction (the imports): writes this request's audit event in
     * `trx`, with the status the reply will answer; call it last, after reply.code(). The event
     * commits or rolls back with the writes.
     */
    commitAuditEvent(trx: Transaction<Database>): Promise<void>
    /**
     * For a write whose transaction runs where the reply is not (the import worker): this request's
     * event as it will be with `status`, as data to record there with recordAuditEvent.
     */
    auditEventFor(status: number): AuditEvent | null
    /** That event was committed with the write, elsewhere: onSend adds no second. */
    auditCommitted(status: number): void
    /** A successful write request that stored nothing (a dry run): its event is written on its own, as for a refusal. */
    auditNothingStored(): void
  }
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
// The most specific identifier in the path names the resource; nothing else about a child is kept.
const ID_PARAMS = ['childId', 'recordId', 'actionId', 'planId', 'clientId', 'runId', 'id', 'kpiId']

function resourceId(request: FastifyRequest): string | null {
  const params = (request.params ?? {}) as Record<string, unknown>
  for (const name of ID_PARAMS) {
    const v = params[name]
    if (typeof v === 'string' || typeof v === 'number') return String(v)
  }
  return null
}

const isReadRequest = (request: FastifyRequest): boolean => READ_METHODS.has(request.method) || request.routeOptions.config.auditAsRead === true

/** The request's event as the reply now stands; null for a request no client made (refused at the door). */
function eventOf(request: FastifyRequest, status: number): AuditEvent | null {
  if (!request.client) return null
  const la = (request.params as { la?: unknown } | undefined)?.la
  return {
    clientId: request.client.id,
    la: typeof la === 'string' ? la : null,
    action: isReadRequest(request) ? 'read' : request.method.toLowerCase(),
    resource: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
    resourceId: resourceId(request),
    requestId: String(request.id),
    status,
  }
}

/** The SQLSTATE or socket code of an error: all a log line says about a failed event (no values). */
function errorCode(err: unknown): string | undefined {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined
  return typeof code === 'string' ? code : undefined
}

/** Work that left a refusal status: its result, carried out of the transaction to roll it back. */
/** Thrown to roll the transaction back when the work answered a refusal; carries the answer out. */
class Refused extends Error {
  constructor(readonly result: unknown) {
    super('refused')
  }
}

/**
 * The audit trail: every write (whatever its outcome) and every child-level read, with time, client,
 * authority, action, resource and request id.
 *
 * - A write that succeeds commits its event in its own transaction (reply.auditedWrite), so it is
 *   answered only once both are stored, and a write whose event cannot be stored is not applied.
 * - A write that is refused or fails stored nothing; its event is written on its own before the
 *   answer leaves (onSend), through the writer's batches.
 * - A read's event joins the next batch after the answer (group commit); closing the app drains it.
 *
 * Added inside the protected scope, after auth.
 */
export function auditPlugin(db: Kysely<Database>, writer: AuditWriter) {
  return fp(
    async function audit(app: FastifyInstance) {
      // The status each request's event was committed with, in the write's own transaction.
      const committed = new WeakMap<FastifyRequest, number>()

      app.decorateReply('commitAuditEvent', async function commitAuditEvent(this: FastifyReply, trx: Transaction<Database>) {
        const event = eventOf(this.request, this.statusCode)
        if (!event) return
        await recordAuditEvent(trx, event)
        committed.set(this.request, event.status)
      })

      app.decorateReply('auditEventFor', function auditEventFor(this: FastifyReply, status: number) {
        return eventOf(this.request, status)
      })
      app.decorateReply('auditCommitted', function auditCommitted(this: FastifyReply, status: number) {
        committed.set(this.request, status)
      })
      const storedNothing = new WeakSet<FastifyRequest>()
      app.decorateReply('auditNothingStored', function auditNothingStored(this: FastifyReply) {
        storedNothing.add(this.request)
      })

      app.decorateReply('auditedWrite', async function auditedWrite<T>(this: FastifyReply, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
        try {
          return await db.transaction().execute(async (trx) => {
            const result = await work(trx)
            if (this.statusCode >= 400) throw new Refused(result)
            await this.commitAuditEvent(trx)
            return result
          })
        } catch (err) {
          if (err instanceof Refused) return err.result as T
          // The event may have gone in before the commit failed: onSend records the attempt.
          committed.delete(this.request)
          throw err
        }
      })

      app.addHook('onClose', () => writer.drain())
      app.addHook('onSend', async (request, reply) => {
        const isRead = isReadRequest(request)
        if (isRead && !request.routeOptions.config.auditRead) return
        const event = eventOf(request, reply.statusCode)
        if (!event) return
        const lost = (err: unknown) => request.log.error({ code: errorCode(err) }, 'audit event could not be written')
        if (isRead) {
          // Written just after the answer, in the next batch, so reading stays as fast as the data allows.
          void writer.record(event).catch(lost)
          return
        }
        // Committed with the write, and answered with the status it was committed with.
        if (committed.get(request) === reply.statusCode) return
        if (reply.statusCode < 400 && !storedNothing.has(request)) {
          request.log.warn('a write was answered without its audit event in its transaction: it should use reply.auditedWrite')
        }
        // A refused or failed write (nothing stored): its event is written before the answer leaves.
        await writer.record(event).catch(lost)
      })
    },
    { name: 'audit', fastify: '5.x', dependencies: ['auth'] },
  )
}
