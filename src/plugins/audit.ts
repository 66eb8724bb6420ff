import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { AuditWriter } from '../db/audit-writer.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Child-level reads are audited like writes. */
    auditRead?: boolean
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

/**
 * The audit trail: every write (whatever its outcome) and every child-level read, with time, client,
 * authority, action, resource and request id. A write's event is committed before its answer leaves
 * (onSend); a read's joins the next batch (group commit), and closing the app drains the queue.
 * Added inside the protected scope, after auth.
 */
export function auditPlugin(writer: AuditWriter) {
  return fp(
    async function audit(app: FastifyInstance) {
      app.addHook('onClose', () => writer.drain())
      app.addHook('onSend', async (request, reply) => {
        const isRead = READ_METHODS.has(request.method)
        if (isRead && !request.routeOptions.config.auditRead) return
        // Requests refused before authentication carry no client; they are not data access.
        if (!request.client) return
        const la = (request.params as { la?: unknown } | undefined)?.la
        const event = {
          clientId: request.client.id,
          la: typeof la === 'string' && /^\d{3}$/.test(la) ? la : null,
          action: isRead ? 'read' : request.method.toLowerCase(),
          resource: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
          resourceId: resourceId(request),
          requestId: String(request.id),
          status: reply.statusCode,
        }
        const written = writer.record(event).catch((err: unknown) => request.log.error({ err }, 'audit write failed'))
        // A write is answered only once its event is committed. A read's event goes in the next batch,
        // milliseconds later, so reading stays as fast as the data allows (see docs/benchmarks.md).
        if (!isRead) await written
      })
    },
    { name: 'audit', fastify: '5.x', dependencies: ['auth'] },
  )
}
