import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { badRequest, problemResponses } from '../../http/problem.ts'
import { requireScope } from '../../plugins/auth.ts'
import { listAuditEvents } from './queries.ts'
import { AuditPage, AuditQuery } from './schemas.ts'

/** The audit trail for administrators, newest first. */
export function auditRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'Audit events, newest first',
          description: "Events of the authorities the key holds; a key holding '*' also sees events not tied to an authority.",
          security: requireScope('admin'),
          querystring: AuditQuery,
          response: { 200: AuditPage, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const q = request.query
        if (q.from && q.to && q.from >= q.to)
          throw badRequest('from must be before to.', [{ in: 'querystring', pointer: '/from', message: 'must be before to' }])
        return listAuditEvents(db, q, request.client?.authorities ?? new Set<string>())
      },
    )
  }
}
