import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { Kysely } from 'kysely'
import { authorityExists } from '../../db/authorities.ts'
import type { Database } from '../../db/database.ts'
import { rulesForYear } from '../../domain/dfe-rules/index.ts'
import { PageInfo } from '../../http/pagination.ts'
import { HttpProblem, notFound, problemResponses } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import { sendFindingsCsv } from './csv.ts'
import {
  childFindings,
  deleteAcknowledgement,
  findAcknowledgement,
  findFinding,
  findingsPage,
  listAcknowledgements,
  parseFindingCursor,
  ruleCounts,
  upsertAcknowledgement,
} from './queries.ts'
import type { DataQualityService } from './refresh.ts'
import {
  Acknowledgement,
  AcknowledgementBody,
  AcknowledgementParams,
  AcknowledgementsQuery,
  ChildFindings,
  ChildParams,
  DataQualityQuery,
  StoredFinding,
  StoredRuleSummary,
  StoredValidation,
  YearQuery,
} from './schemas.ts'

const TAGS = ['data-quality']
// Findings name children and quote their records' values: reading them is reading child-level records.
const read = requireScope('records:read')
// Explaining a finding is a statement about the records, made by whoever answers for them.
const write = requireScope('records:write')

async function mustExist(db: Kysely<Database>, la: string): Promise<void> {
  if (!(await authorityExists(db, la))) throw notFound(`Authority ${la} does not exist.`)
}

/** The DfE rules on the stored data: findings kept fresh, per child, and their acknowledgements. */
export function storedDataQualityRoutes(db: Kysely<Database>, service: DataQualityService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addSchema(StoredFinding)
    app.addSchema(StoredRuleSummary)
    app.addSchema(StoredValidation)
    app.addSchema(Acknowledgement)

    app.get(
      '/v1/authorities/:la/data-quality',
      {
        schema: {
          tags: TAGS,
          summary: "The DfE's 903 rules on the stored data's return for a year: every rule with what it flags, and the findings, paged",
          description:
            "The year's return exactly as GET .../exports/ssda903?year= writes it, validated as POST .../returns/ssda903/validate " +
            'validates a file set: row indexes are those of the export. The findings are kept and refreshed after each import ' +
            '(the run records the findings it made and resolved) and recomputed on a read when the data has changed since. ' +
            'A finding acknowledged (POST .../data-quality/acknowledgements) with the values it has now is shown with its ' +
            'acknowledgement and left out of the open counts. format=csv answers the page of findings as CSV (a Link header ' +
            'names the next page).',
          security: read,
          params: LaParams,
          querystring: DataQualityQuery,
          response: {
            200: {
              description: 'The rules and a page of findings, as JSON or (format=csv) the findings as CSV.',
              content: { 'application/json': { schema: Type.Ref(StoredValidation) }, 'text/csv': { schema: Type.String() } },
            },
            ...problemResponses(400, 401, 403, 404),
          },
        },
        config: { auditRead: true },
      },
      async (request, reply) => {
        const { la } = request.params
        const { year, limit = 1000, cursor, rule, format } = request.query
        await mustExist(db, la)
        const state = await service.ensureFresh(la, year)
        const after = cursor === undefined ? null : parseFindingCursor(cursor)
        const page = await findingsPage(db, la, year, { limit, after, rule })
        if (format === 'csv') {
          if (page.nextCursor !== null) {
            const more = new URLSearchParams({ year: String(year), format: 'csv', limit: String(limit), cursor: page.nextCursor, ...(rule ? { rule } : {}) })
            reply.header('link', `<?${more.toString()}>; rel="next"`)
          }
          return sendFindingsCsv(reply, `ssda903-${year}-${la}-findings.csv`, page.items, { stored: true })
        }
        const counts = await ruleCounts(db, la, year)
        const rules = rulesForYear(year).map((r) => {
          const c = counts.get(r.code)
          return {
            code: r.code,
            message: r.message,
            tables: [...r.tables],
            fields: [...r.fields],
            rows: c?.rows ?? 0,
            children: c?.children ?? 0,
            openRows: c?.openRows ?? 0,
            openChildren: c?.openChildren ?? 0,
            acknowledged: c?.acknowledged ?? 0,
          }
        })
        const findingCount = rules.reduce((n, r) => n + r.rows, 0)
        const acknowledgedCount = rules.reduce((n, r) => n + r.acknowledged, 0)
        return {
          year,
          computedAt: state.computedAt.toISOString(),
          rules,
          findingCount,
          openCount: findingCount - acknowledgedCount,
          acknowledgedCount,
          findings: page.items,
          nextCursor: page.nextCursor,
        }
      },
    )

    app.get(
      '/v1/authorities/:la/data-quality/children/:childId',
      {
        schema: {
          tags: TAGS,
          summary: "One child's findings of the DfE's 903 rules on the stored data's return for a year",
          description: 'As GET .../data-quality, for one child: every finding on its rows, acknowledged or not. A child not stored is 404.',
          security: read,
          params: ChildParams,
          querystring: YearQuery,
          response: { 200: ChildFindings, ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { la, childId } = request.params
        const { year } = request.query
        await mustExist(db, la)
        const stored = await db.selectFrom('children').select('childId').where('la', '=', la).where('childId', '=', childId).executeTakeFirst()
        if (!stored) throw notFound(`No child ${childId} is stored for authority ${la}.`)
        const state = await service.ensureFresh(la, year)
        return { year, childId, computedAt: state.computedAt.toISOString(), findings: await childFindings(db, la, year, childId) }
      },
    )

    app.post(
      '/v1/authorities/:la/data-quality/acknowledgements',
      {
        schema: {
          tags: TAGS,
          summary: "Acknowledge a finding (the DfE's bypass): it stands, for a reason, until the values under it change",
          description:
            'Names the finding by year, rule, table, childId and rowKey (as the findings list gives them) and says why it stands. ' +
            'The acknowledgement is bound to the values the finding has now: when they change, it lapses and the finding is open ' +
            'again. Acknowledging a finding again replaces the reason. A finding that is not there now is 404. Answers 201.',
          security: write,
          params: LaParams,
          body: AcknowledgementBody,
          response: { 201: Type.Ref(Acknowledgement), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { la } = request.params
        const { year, reason, ...key } = request.body
        await mustExist(db, la)
        await service.ensureFresh(la, year)
        const finding = await findFinding(db, la, year, key)
        if (!finding) {
          throw new HttpProblem(
            404,
            'finding-not-found',
            `Rule ${key.rule} flags no ${key.table} row ${key.rowKey} of child ${key.childId} in ${year}'s stored return: there is nothing to acknowledge.`,
          )
        }
        const id = await reply.auditedWrite(async (trx) => {
          reply.code(201)
          return upsertAcknowledgement(trx, la, year, key, { valuesHash: finding.valuesHash, reason, clientId: request.client?.id ?? null })
        })
        const made = await findAcknowledgement(db, la, id)
        if (!made) throw notFound('The acknowledgement was withdrawn meanwhile.')
        return made
      },
    )

    app.get(
      '/v1/authorities/:la/data-quality/acknowledgements',
      {
        schema: {
          tags: TAGS,
          summary: 'Acknowledged findings, with who acknowledged them, when and why, and whether each still holds',
          security: read,
          params: LaParams,
          querystring: AcknowledgementsQuery,
          response: { 200: Type.Object({ items: Type.Array(Type.Ref(Acknowledgement)), ...PageInfo }), ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { la } = request.params
        await mustExist(db, la)
        const { year, limit = 100, cursor } = request.query
        return listAcknowledgements(db, la, { year, limit, cursor })
      },
    )

    app.delete(
      '/v1/authorities/:la/data-quality/acknowledgements/:id',
      {
        schema: {
          tags: TAGS,
          summary: 'Withdraw an acknowledgement: its finding is open again',
          security: write,
          params: AcknowledgementParams,
          response: { 204: Type.Null({ description: 'Withdrawn.' }), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { la, id } = request.params
        return reply.auditedWrite(async (trx) => {
          if (!(await deleteAcknowledgement(trx, la, id))) throw notFound('No such acknowledgement.')
          reply.code(204)
          return null
        })
      },
    )
  }
}
