import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { healthDue } from '../../domain/health/due-dates.ts'
import { notFound, problemResponses } from '../../http/problem.ts'
import { requireScope } from '../../plugins/auth.ts'
import { HEALTH_CHECK_WORDS, HealthCheckRecord, healthChecks } from '../partner-records/kinds/health-checks.ts'
import { partnerRecordRoutes } from '../partner-records/routes.ts'
import { RecordParams } from '../partner-records/schemas.ts'
import { childHealthFacts } from './queries.ts'
import { ChildHealth, ChildHealthQuery, ChildParams, HealthChecksBody, StoredHealthCheck } from './schemas.ts'

const TAGS = ['health-checks']

/** Health checks the health trust posts, and each child's due dates: /v1/authorities/{la}/health-checks... */
export function healthCheckRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const s of [HealthCheckRecord, StoredHealthCheck]) app.addSchema(s)

    partnerRecordRoutes(app, {
      tags: TAGS,
      security: requireScope('health:write'),
      kind: () => healthChecks,
      post: {
        path: '/v1/authorities/:la/health-checks',
        summary: 'Post health checks: initial and review health assessments, dental checks, development, immunisations, optician',
        description:
          'The health trust posts what happened, in its own terms: the child by NHS number (or childId), the kind, the date and ' +
          'the outcome, with its own record id. Posting a record id again updates it (or leaves it unchanged when nothing ' +
          'differs); `purge: true` removes it. Refused per record (422, field named): a date in the future or before birth, an ' +
          'IHA before the child was first looked after, a development assessment at 5 or over, immunisationsUpToDate missing ' +
          'from a completed immunisations review or given on another kind; an NHS number no child has (422) or two children ' +
          'share (409).',
        body: HealthChecksBody,
        record: HealthCheckRecord,
        noun: 'health check',
        words: HEALTH_CHECK_WORDS,
      },
      delete: {
        path: '/v1/authorities/:la/health-checks/:recordId',
        summary: 'Remove a health check by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No health check with this record id.',
      },
    })

    app.get(
      '/v1/authorities/:la/children/:childId/health',
      {
        schema: {
          tags: TAGS,
          summary: "A child's health checks, and what is due when",
          description:
            'Worked out at asAt (default today) from the checks dated on or before it; only completed checks count. Everything ' +
            'counts from the current time in care (domain doc 5b): the period of care, or, for a child who moved from V3/V4 ' +
            'short breaks into care inside it, that change; short-break time never counts. IHA: due 20 working days after the ' +
            'time in care began. RHA: 6 months after the latest assessment (IHA or RHA) in the time in care while the child is ' +
            'under 5 on that day, 12 months from 5. Dental: 12 months after the latest completed dental check (12 months after ' +
            'the time in care began when there is none). Overdue: the due date is before asAt.',
          security: requireScope('records:read', 'child:read'),
          params: ChildParams,
          querystring: ChildHealthQuery,
          response: { 200: ChildHealth, ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { la, childId } = request.params
        const asAt = request.query.asAt ?? todayInEngland()
        const facts = await childHealthFacts(db, la, childId)
        if (!facts) throw notFound('No such child.')
        const { asAt: _, ...due } = healthDue({ dateOfBirth: facts.dateOfBirth, asAt, timesInCare: facts.timesInCare, checks: facts.checks })
        return { childId, asAt, checks: facts.checks, due }
      },
    )
  }
}
