import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { DatabaseKind } from '../../db/connect.ts'
import { HttpProblem, problemResponses } from '../../http/problem.ts'
import { pingDatabase } from './queries.ts'
import { ProbeAnswer } from './schemas.ts'

/** Public probes for the platform: no key needed, nothing about any child. */
export function probeRoutes(db: Kysely<Database>, kind: DatabaseKind): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/health/live',
      {
        schema: { tags: ['health'], summary: 'The process is up', response: { 200: ProbeAnswer } },
        // Answered even when overloaded: refusing it would get a busy process restarted, not relieved.
        config: { underPressureExempt: true },
      },
      async () => ({ status: 'ok' as const }),
    )

    app.get(
      '/health/ready',
      {
        schema: {
          tags: ['health'],
          summary: 'The service can answer: the database responds',
          response: { 200: ProbeAnswer, ...problemResponses(503) },
        },
      },
      async () => {
        try {
          await pingDatabase(db)
        } catch {
          throw new HttpProblem(503, 'not-ready', 'The database is not answering.')
        }
        return { status: 'ok' as const, database: kind }
      },
    )
  }
}
