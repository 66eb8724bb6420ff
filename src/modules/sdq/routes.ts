import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { ageOn } from '../../domain/dates/calendar.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { SDQ_HIGH_SCORE, sdqBand, sdqBandRange, sdqDueDate } from '../../domain/health/sdq.ts'
import { pageOf } from '../../http/pagination.ts'
import { badRequest, notFound, problemResponses } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import { SDQ_WORDS, SdqRecord, sdqReturns } from '../partner-records/kinds/sdq.ts'
import { partnerRecordRoutes } from '../partner-records/routes.ts'
import { decodeDateRecordCursor, encodeDateRecordCursor } from '../partner-records/cursor.ts'
import { RecordParams } from '../partner-records/schemas.ts'
import { childSdqReturns, highScores, sdqDue } from './queries.ts'
import { ChildParams, ChildSdqList, DueList, DueQuery, HighScores, HighScoresQuery, SdqBody, StoredSdq } from './schemas.ts'

const TAGS = ['sdq']
const write = requireScope('health:write', 'education:write')
const read = requireScope('records:read', 'child:read')

/** SDQ returns from the health trust and the virtual school; high scores and SDQs due. */
export function sdqRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const s of [SdqRecord, StoredSdq]) app.addSchema(s)

    partnerRecordRoutes(app, {
      tags: TAGS,
      security: write,
      // A key without health:write is the virtual school's: teacher returns only.
      kind: (request) => sdqReturns({ teacherOnly: !request.client?.scopes.has('health:write') }),
      post: {
        path: '/v1/authorities/:la/sdq',
        summary: 'Post SDQ returns (carer, teacher or self), a score or a reason for none',
        description:
          'Each return has the partner record id; posting it again updates it, `purge: true` removes it. Refused per record ' +
          '(422, field named): subscales outside 0-10 or a total outside 0-40, a total that is not emotional + conduct + ' +
          'hyperactivity + peer, both a score and a reason code (or neither), a date in the future or before birth.',
        body: SdqBody,
        record: SdqRecord,
        noun: 'SDQ return',
        words: SDQ_WORDS,
      },
      delete: {
        path: '/v1/authorities/:la/sdq/:recordId',
        summary: 'Remove an SDQ return by its record id',
        description: 'A virtual school key (education:write only) may remove teacher returns only (403 for others).',
        params: RecordParams,
        param: 'recordId',
        missing: 'No SDQ return with this record id.',
        refused: 'This key may not remove this return',
      },
    })

    app.get(
      '/v1/authorities/:la/children/:childId/sdq',
      {
        schema: {
          tags: TAGS,
          summary: "A child's SDQ returns, with the band of each score",
          security: read,
          params: ChildParams,
          response: { 200: ChildSdqList, ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { la, childId } = request.params
        const rows = await childSdqReturns(db, la, childId)
        if (!rows) throw notFound('No such child.')
        return { childId, items: rows.map((r) => ({ ...r, band: r.total === null ? null : sdqBand(r.total) })) }
      },
    )

    app.get(
      '/v1/authorities/:la/sdq/high-scores',
      {
        schema: {
          tags: TAGS,
          summary: `SDQ scores of ${SDQ_HIGH_SCORE} or more (cause for concern) dated in a period`,
          description:
            `Every scored return from \`from\` to \`to\` inclusive with a total of ${sdqBandRange('concern')}, by date: the monthly list managers act on. ` +
            "By default the carer's returns: the same returns, and so the same number, as the KPI sdq-scores-17-plus for the 12 months to `to` " +
            "(domain doc 5b), whatever the child's cohort on the date.",
          security: read,
          params: LaParams,
          querystring: HighScoresQuery,
          response: { 200: HighScores, ...problemResponses(400, 401, 403) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { from, to, cursor, limit = 100, informant = 'carer' } = request.query
        if (from > to) throw badRequest('The period ends before it starts.', [{ in: 'querystring', pointer: '/to', message: 'is before from' }])
        const rows = await highScores(db, request.params.la, { from, to, informant, limit, after: cursor ? decodeDateRecordCursor(cursor) : null })
        const page = pageOf(rows, limit, (last) => encodeDateRecordCursor(last.date, last.recordId))
        return { ...page, items: page.items.map((r) => ({ ...r, band: 'concern' as const })) }
      },
    )

    app.get(
      '/v1/authorities/:la/sdq/due',
      {
        schema: {
          tags: TAGS,
          summary: 'Children whose annual SDQ is due or overdue',
          description:
            'Children aged 4-16 on asAt, in care on asAt in a time in care that began 12 months or more before (domain doc 5b: ' +
            'from the latest admission; for a child who moved from V3/V4 short breaks into care inside one period of care, ' +
            "from that change), with no carer's SDQ score dated in the 12 months to asAt (a reason code is not a score; " +
            "teacher and self-report returns are kept but the DfE's SDQ is the carer's). By child id, paged.",
          security: read,
          params: LaParams,
          querystring: DueQuery,
          response: { 200: DueList, ...problemResponses(400, 401, 403) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const asAt = request.query.asAt ?? todayInEngland()
        const { limit = 100, cursor } = request.query
        const page = pageOf(await sdqDue(db, request.params.la, { asAt, limit, after: cursor ?? null }), limit, (last) => last.childId)
        return {
          asAt,
          nextCursor: page.nextCursor,
          items: page.items.map((r) => {
            const dueDate = sdqDueDate(r.lastScoreDate, r.careStart, r.dateOfBirth)
            return {
              childId: r.childId,
              age: ageOn(r.dateOfBirth, asAt),
              carePeriodStart: r.carePeriodStart,
              careStart: r.careStart,
              lastScoreDate: r.lastScoreDate,
              lastScore: r.lastScore,
              dueDate,
              overdue: dueDate < asAt,
              reasonCodeInPeriod: r.reasonCodeInPeriod,
            }
          }),
        }
      },
    )
  }
}
