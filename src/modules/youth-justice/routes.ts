import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { notFound, problemResponses } from '../../http/problem.ts'
import { requireScope } from '../../plugins/auth.ts'
import { ConvictionRecord, convictions, SubstanceMisuseRecord, substanceMisuse } from '../partner-records/kinds/youth-justice.ts'
import { partnerRecordRoutes } from '../partner-records/routes.ts'
import { ChildParams, RecordParams } from '../partner-records/schemas.ts'
import { childConvictions, childSubstanceMisuse } from './queries.ts'
import { ChildConvictions, ChildSubstanceMisuse, ConvictionsBody, SubstanceMisuseBody } from './schemas.ts'

const read = requireScope('records:read', 'child:read')

const CHILD =
  'names the child by childId, NHS number or UPN, with its own record id: posting the id again updates the record (or leaves it ' +
  'unchanged), `purge: true` removes it. An identifier no child has is a 422, one two children share a 409.'

const OC2 =
  " The 903 export's OC2 reads them (docs/ssda903.md): once the service has posted anything for the authority, a child of the " +
  'OC2 cohort with none in the year is 0, not blank.'

/**
 * The OC2 facts from their real sources (issue #16): convictions from the youth justice service
 * (youth-justice:write), substance misuse and its interventions from the health trust (health:write),
 * and a child's records of each.
 */
export function youthJusticeRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const s of [ConvictionRecord, SubstanceMisuseRecord]) app.addSchema(s)

    partnerRecordRoutes(app, {
      tags: ['youth-justice'],
      security: requireScope('youth-justice:write'),
      kind: () => convictions,
      post: {
        path: '/v1/authorities/:la/youth-justice/convictions',
        summary: 'Post convictions (and youth cautions) of looked-after children',
        description: `The youth justice service ${CHILD} Refused per record (422, field named): a date in the future or before birth.${OC2}`,
        body: ConvictionsBody,
        record: ConvictionRecord,
        noun: 'conviction',
      },
      delete: {
        path: '/v1/authorities/:la/youth-justice/convictions/:recordId',
        summary: 'Remove a conviction by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No conviction with this record id.',
      },
    })

    partnerRecordRoutes(app, {
      tags: ['health-checks'],
      security: requireScope('health:write'),
      kind: () => substanceMisuse,
      post: {
        path: '/v1/authorities/:la/health/substance-misuse',
        summary: 'Post substance misuse problems identified, and the interventions received or refused',
        description:
          `The health trust ${CHILD} Refused per record (422, field named): a date in the future, identified before birth, an ` +
          `intervention received or refused before the problem was identified.${OC2}`,
        body: SubstanceMisuseBody,
        record: SubstanceMisuseRecord,
        noun: 'substance misuse record',
      },
      delete: {
        path: '/v1/authorities/:la/health/substance-misuse/:recordId',
        summary: 'Remove a substance misuse record by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No substance misuse record with this record id.',
      },
    })

    app.get(
      '/v1/authorities/:la/children/:childId/convictions',
      {
        schema: {
          tags: ['youth-justice'],
          summary: "A child's convictions and youth cautions, as the youth justice service posted them",
          security: read,
          params: ChildParams,
          response: { 200: ChildConvictions, ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { la, childId } = request.params
        const rows = await childConvictions(db, la, childId)
        if (!rows) throw notFound('No such child.')
        return { childId, convictions: rows }
      },
    )

    app.get(
      '/v1/authorities/:la/children/:childId/substance-misuse',
      {
        schema: {
          tags: ['health-checks'],
          summary: "A child's substance misuse problems and interventions, as the health trust posted them",
          security: read,
          params: ChildParams,
          response: { 200: ChildSubstanceMisuse, ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { la, childId } = request.params
        const rows = await childSubstanceMisuse(db, la, childId)
        if (!rows) throw notFound('No such child.')
        return { childId, records: rows }
      },
    )
  }
}
