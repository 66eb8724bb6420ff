import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { describeCode } from '../../domain/code-lists/index.ts'
import { periodsBetween } from '../../domain/dates/calendar.ts'
import { movementRow } from '../../domain/care-history/movements.ts'
import { badRequest, problemResponses } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import { admissionsBetween, cessationsBetween, movementCounts } from './queries.ts'
import { Admission, Cessation, MovementsQuery, MovementsResponse, RangeQuery } from './schemas.ts'

const TAGS = ['movements']
const MAX_PERIODS = 600

function checkRange(from: string, to: string) {
  if (from > to) throw badRequest('from must not be after to.', [{ in: 'querystring', pointer: '/from', message: 'must not be after to' }])
}

const RULE =
  'Start: children in care on the day before the period; end: in care on its last day (5a: an episode open on the day, ' +
  'V3/V4 short breaks excluded). Admissions: episodes with RNE S dated in the period; cessations: episodes ending with a ' +
  'reason other than X1. A switch between a short break and care inside one period of care also counts, so ' +
  'end = start + admissions - cessations always.'

/** Who came into care, who left and why, and the monthly table the board reads. */
export function movementRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/authorities/:la/movements',
      {
        schema: {
          tags: TAGS,
          summary: 'Children in care at each period start and end, admissions and cessations',
          description: RULE,
          security: requireScope('kpi:read', 'records:read'),
          params: LaParams,
          querystring: MovementsQuery,
          response: { 200: MovementsResponse, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { from, to } = request.query
        const interval = request.query.interval ?? 'month'
        checkRange(from, to)
        const periods = periodsBetween(from, to, interval)
        if (periods.length > MAX_PERIODS)
          throw badRequest(`At most ${MAX_PERIODS} periods at once.`, [{ in: 'querystring', pointer: '/to', message: 'range too long' }])
        const suppress = request.client?.suppressSmallNumbers ?? false
        const counts = await movementCounts(db, request.params.la, periods)
        return {
          interval,
          rule: RULE,
          items: counts.map((c) => movementRow(c, suppress)),
        }
      },
    )

    app.get(
      '/v1/authorities/:la/admissions',
      {
        schema: {
          tags: TAGS,
          summary: 'Children who came into care in a period',
          security: requireScope('records:read', 'child:read'),
          params: LaParams,
          querystring: RangeQuery,
          response: { 200: Type.Object({ items: Type.Array(Admission) }), ...problemResponses(400, 401, 403) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        checkRange(request.query.from, request.query.to)
        const rows = await admissionsBetween(db, request.params.la, request.query.from, request.query.to)
        return { items: rows.map((r) => ({ ...r, fromShortBreak: Boolean(r.fromShortBreak) })) }
      },
    )

    app.get(
      '/v1/authorities/:la/cessations',
      {
        schema: {
          tags: TAGS,
          summary: 'Children who left care in a period, and why',
          security: requireScope('records:read', 'child:read'),
          params: LaParams,
          querystring: RangeQuery,
          response: { 200: Type.Object({ items: Type.Array(Cessation) }), ...problemResponses(400, 401, 403) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        checkRange(request.query.from, request.query.to)
        const rows = await cessationsBetween(db, request.params.la, request.query.from, request.query.to)
        return {
          items: rows.map((r) => ({
            childId: r.childId,
            date: r.date as string,
            reasonEnded: r.reasonEnded as string,
            reasonDescription: describeCode('reasonEnded', r.reasonEnded as string),
            legalStatus: r.legalStatus,
            placementType: r.placementType,
            toShortBreak: Boolean(r.toShortBreak),
          })),
        }
      },
    )
  }
}
