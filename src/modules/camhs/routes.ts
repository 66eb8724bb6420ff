import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { camhsDaysWaited, camhsStatus } from '../../domain/camhs/referrals.ts'
import { daysBetween } from '../../domain/dates/calendar.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { pageOf } from '../../http/pagination.ts'
import { notFound, problemResponses } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import { decodeDateRecordCursor, encodeDateRecordCursor } from '../partner-records/cursor.ts'
import { CAMHS_WORDS, CamhsReferralRecord, camhsReferrals } from '../partner-records/kinds/camhs.ts'
import { partnerRecordRoutes } from '../partner-records/routes.ts'
import { AsAtQuery, ChildParams, RecordParams } from '../partner-records/schemas.ts'
import { camhsWaitingList, childCamhsReferrals } from './queries.ts'
import { CamhsBody, ChildCamhs, StoredCamhsReferral, WaitingList, WaitingListQuery } from './schemas.ts'

const TAGS = ['camhs']
const read = requireScope('records:read', 'child:read')

/** The mental health service's CAMHS referrals, a child's CAMHS answer and the waiting list of children in care. */
export function camhsRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const s of [CamhsReferralRecord, StoredCamhsReferral]) app.addSchema(s)

    partnerRecordRoutes(app, {
      tags: TAGS,
      security: requireScope('mental-health:write'),
      kind: () => camhsReferrals,
      post: {
        path: '/v1/authorities/:la/camhs/referrals',
        summary: 'Post CAMHS referrals: referred, accepted or declined, first appointment, discharge',
        description:
          'The mental health service names the child by NHS number (or childId), with its own record id: posting the id again updates ' +
          'the referral as it goes on (or leaves it unchanged), `purge: true` removes it. An NHS number no child has is a 422, one two ' +
          'children share a 409. Refused per record (422, field named): a date in the future or before birth, a decision, first ' +
          'appointment or discharge before the referral, a discharge before the first appointment, a decision date without a ' +
          'decision, a first appointment on a referral not accepted.',
        body: CamhsBody,
        record: CamhsReferralRecord,
        noun: 'CAMHS referral',
        words: CAMHS_WORDS,
      },
      delete: {
        path: '/v1/authorities/:la/camhs/referrals/:recordId',
        summary: 'Remove a CAMHS referral by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No CAMHS referral with this record id.',
      },
    })

    app.get(
      '/v1/authorities/:la/children/:childId/camhs',
      {
        schema: {
          tags: TAGS,
          summary: "A child's CAMHS referrals: waiting or seen, and the days waited",
          description:
            'Each referral received on or before asAt (default today) with where it stands on asAt and the days waited (domain doc 5c: ' +
            'waiting = accepted, no first appointment and not discharged on or before asAt).',
          security: read,
          params: ChildParams,
          querystring: AsAtQuery('The day the referrals are worked out at (default today).'),
          response: { 200: ChildCamhs, ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { la, childId } = request.params
        const asAt = request.query.asAt ?? todayInEngland()
        const rows = await childCamhsReferrals(db, la, childId, asAt)
        if (!rows) throw notFound('No such child.')
        const referrals = rows.map((r) => ({ ...r, status: camhsStatus(r, asAt), daysWaited: camhsDaysWaited(r, asAt) }))
        const waits = referrals.flatMap((r) => (r.status === 'waiting' && r.daysWaited !== null ? [r.daysWaited] : []))
        return { childId, asAt, waiting: waits.length > 0, longestWait: waits.length ? Math.max(...waits) : null, referrals }
      },
    )

    app.get(
      '/v1/authorities/:la/camhs/waiting-list',
      {
        schema: {
          tags: TAGS,
          summary: 'Children in care waiting for CAMHS: accepted referrals not yet seen, longest waiting first',
          description:
            'Referrals accepted, received on or before asAt (default today), with no first appointment and not discharged on or before ' +
            'asAt (domain doc 5c), of children looked after on asAt (V3/V4 short breaks are not). A child waiting on two referrals is ' +
            'listed twice. Longest waiting first, paged.',
          security: read,
          params: LaParams,
          querystring: WaitingListQuery,
          response: { 200: WaitingList, ...problemResponses(400, 401, 403) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const asAt = request.query.asAt ?? todayInEngland()
        const { limit = 100, cursor } = request.query
        const rows = await camhsWaitingList(db, request.params.la, { asAt, limit, after: cursor ? decodeDateRecordCursor(cursor) : null })
        const page = pageOf(rows, limit, (last) => encodeDateRecordCursor(last.referredOn, last.recordId))
        return { asAt, nextCursor: page.nextCursor, items: page.items.map((r) => ({ ...r, daysWaited: daysBetween(r.referredOn, asAt) })) }
      },
    )
  }
}
