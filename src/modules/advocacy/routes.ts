import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { notFound, problemResponses } from '../../http/problem.ts'
import { requireScope } from '../../plugins/auth.ts'
import { ADVOCACY_ISSUE_WORDS, AdvocacyIssueRecord, advocacyIssues, AdvocacyReferralRecord, advocacyReferrals } from '../partner-records/kinds/advocacy.ts'
import { partnerRecordRoutes } from '../partner-records/routes.ts'
import { AsAtQuery, ChildParams, RecordParams } from '../partner-records/schemas.ts'
import { childAdvocacy } from './queries.ts'
import { AdvocacyIssuesBody, AdvocacyReferralsBody, ChildAdvocacy, StoredAdvocacyIssue } from './schemas.ts'

const TAGS = ['advocacy']
const write = requireScope('advocacy:write')
const read = requireScope('records:read', 'child:read')

const CHILD =
  'The advocacy service names the child by childId (or NHS number or UPN), with its own record id: posting the id again updates the ' +
  'record (or leaves it unchanged), `purge: true` removes it. An identifier no child has is a 422.'

/** The advocacy service's referrals and the issues raised in them, and a child's advocacy answer. */
export function advocacyRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const s of [AdvocacyReferralRecord, AdvocacyIssueRecord, StoredAdvocacyIssue]) app.addSchema(s)

    partnerRecordRoutes(app, {
      tags: TAGS,
      security: write,
      kind: () => advocacyReferrals,
      post: {
        path: '/v1/authorities/:la/advocacy/referrals',
        summary: 'Post advocacy referrals: referred and closed dates',
        description: `${CHILD} Refused per record (422, field named): a date in the future or before birth, closed before referred.`,
        body: AdvocacyReferralsBody,
        record: AdvocacyReferralRecord,
        noun: 'advocacy referral',
      },
      delete: {
        path: '/v1/authorities/:la/advocacy/referrals/:recordId',
        summary: 'Remove an advocacy referral, and the issues raised in it, by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No advocacy referral with this record id.',
      },
    })

    partnerRecordRoutes(app, {
      tags: TAGS,
      security: write,
      kind: () => advocacyIssues,
      post: {
        path: '/v1/authorities/:la/advocacy/issues',
        summary: 'Post the issues raised in advocacy referrals: raised, resolved, what about',
        description:
          `${CHILD} Each issue names its referral (referralRecordId, posted first to .../advocacy/referrals); post it again with ` +
          'resolvedOn when it is resolved. Refused per record (422, field named): a referral not stored or of another child, raised ' +
          'before the referral, in the future or before birth, resolved before raised or in the future.',
        body: AdvocacyIssuesBody,
        record: AdvocacyIssueRecord,
        noun: 'advocacy issue',
        words: ADVOCACY_ISSUE_WORDS,
      },
      delete: {
        path: '/v1/authorities/:la/advocacy/issues/:recordId',
        summary: 'Remove an advocacy issue by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No advocacy issue with this record id.',
      },
    })

    app.get(
      '/v1/authorities/:la/children/:childId/advocacy',
      {
        schema: {
          tags: TAGS,
          summary: "A child's advocacy referrals and the issues raised, open and resolved",
          description: 'Referrals received and issues raised on or before asAt (default today); an issue counts as resolved when resolved on or before asAt.',
          security: read,
          params: ChildParams,
          querystring: AsAtQuery('The day the issues are counted at (default today).'),
          response: { 200: ChildAdvocacy, ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { la, childId } = request.params
        const asAt = request.query.asAt ?? todayInEngland()
        const found = await childAdvocacy(db, la, childId, asAt)
        if (!found) throw notFound('No such child.')
        const issues = found.issues.map(({ referralRecordId, ...i }) => ({
          referralRecordId,
          issue: { ...i, resolved: i.resolvedOn !== null && i.resolvedOn <= asAt },
        }))
        const resolved = issues.filter((i) => i.issue.resolved).length
        return {
          childId,
          asAt,
          issuesOpen: issues.length - resolved,
          issuesResolved: resolved,
          referrals: found.referrals.map((r) => ({ ...r, issues: issues.filter((i) => i.referralRecordId === r.recordId).map((i) => i.issue) })),
        }
      },
    )
  }
}
