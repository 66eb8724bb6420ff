import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { offeredWithin72Hours } from '../../domain/missing/interviews.ts'
import { notFound, problemResponses } from '../../http/problem.ts'
import { requireScope } from '../../plugins/auth.ts'
import { RETURN_INTERVIEW_WORDS, ReturnInterviewRecord, returnInterviews } from '../partner-records/kinds/return-interviews.ts'
import { partnerRecordRoutes } from '../partner-records/routes.ts'
import { ChildParams, RecordParams } from '../partner-records/schemas.ts'
import { childMissing } from './queries.ts'
import { ChildMissing, ReturnInterviewsBody, StoredReturnInterview } from './schemas.ts'

const TAGS = ['missing']
const read = requireScope('records:read', 'child:read')

/** Return home interviews for missing episodes, and a child's missing episodes with their interviews. */
export function missingRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const s of [ReturnInterviewRecord, StoredReturnInterview]) app.addSchema(s)

    partnerRecordRoutes(app, {
      tags: TAGS,
      security: requireScope('records:write'),
      kind: () => returnInterviews,
      post: {
        path: '/v1/authorities/:la/missing/return-interviews',
        summary: 'Post return home interviews for missing episodes: offered, accepted or declined, held',
        description:
          'The case-management integration posts them (the nightly JSON snapshot carries them too, as returnHomeInterviews), naming the ' +
          "child and the episode's start (MIS_START of the 903 Missing table), with its own record id: posting the id again updates the " +
          'interview, `purge: true` removes it. One interview per episode. Refused per record (422, field named): a date in the future ' +
          'or before birth, offered before the episode began, an answer without an offer, held before offered or though declined, a ' +
          'second interview for an episode that has one (under another record id, or twice in the batch).',
        body: ReturnInterviewsBody,
        record: ReturnInterviewRecord,
        noun: 'return home interview',
        words: RETURN_INTERVIEW_WORDS,
      },
      delete: {
        path: '/v1/authorities/:la/missing/return-interviews/:recordId',
        summary: 'Remove a return home interview by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No return home interview with this record id.',
      },
    })

    app.get(
      '/v1/authorities/:la/children/:childId/missing',
      {
        schema: {
          tags: TAGS,
          summary: "A child's missing episodes with their return home interviews",
          description:
            'The 903 Missing table as last imported, each episode with its interview (matched by the child and MIS_START) and whether it ' +
            'was offered within 72 hours of the return (domain doc 5c); and any interview that names no stored episode.',
          security: read,
          params: ChildParams,
          response: { 200: ChildMissing, ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { la, childId } = request.params
        const found = await childMissing(db, la, childId)
        if (!found) throw notFound('No such child.')
        const byStart = new Map(found.interviews.map((i) => [i.missingStart, i]))
        const starts = new Set(found.episodes.map((e) => e.startDate))
        return {
          childId,
          episodes: found.episodes.map((e) => {
            const interview = byStart.get(e.startDate) ?? null
            return {
              missingType: e.missingType === 'A' ? ('A' as const) : ('M' as const),
              startDate: e.startDate,
              endDate: e.endDate,
              interview,
              offeredWithin72Hours: e.endDate === null ? null : offeredWithin72Hours(e.endDate, interview?.offeredOn ?? null),
            }
          }),
          interviewsWithoutEpisode: found.interviews.filter((i) => !starts.has(i.missingStart)),
        }
      },
    )
  }
}
