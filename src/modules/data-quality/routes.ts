import { AjvCompiler } from '@fastify/ajv-compiler'
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyRequest, FastifySchemaCompiler, preParsingHookHandler } from 'fastify'
import type { Kysely } from 'kysely'
import type { Readable } from 'node:stream'
import { authorityExists } from '../../db/authorities.ts'
import type { Database } from '../../db/database.ts'
import { rulesForYear } from '../../domain/dfe-rules/index.ts'
import type { Upload903File } from '../../domain/ssda903/index.ts'
import { AJV_OPTIONS } from '../../http/fastify-options.ts'
import { gunzipRequest } from '../../http/gzip.ts'
import { readMultipartFiles, type MultipartUpload } from '../../http/multipart.ts'
import { HttpProblem, problemResponses } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import type { DataQualityService } from './refresh.ts'
import { sendFindingsCsv } from './csv.ts'
import { ReturnFinding, ReturnValidation, RuleSummary, ValidateQuery } from './schemas.ts'
import { storedDataQualityRoutes } from './stored-routes.ts'

export interface DataQualityRouteOptions {
  /** Largest upload, unzipped (the files together). */
  bodyLimit: number
  /** The stored data's findings, kept fresh (refresh.ts). */
  service: DataQualityService
}

// Validating stores nothing and shows only what the caller sent, so reading is enough: an analyst
// may check a return without the right to change the data (an integration that imports usually
// holds records:read too).
const security = requireScope('records:read')

/** Refuses an authority that does not exist before the body is read. */
function authorityMustExist(db: Kysely<Database>): preParsingHookHandler {
  return async (request, _reply, payload) => {
    const { la } = request.params as { la?: string }
    if (typeof la === 'string' && /^[0-9]{3}$/.test(la) && !(await authorityExists(db, la))) {
      throw new HttpProblem(404, 'authority-not-found', `Authority ${la} does not exist.`)
    }
    return payload
  }
}

/** 422 naming the form field whose files cannot be read. */
function unreadableReturn(field: 'files' | 'previous', errors: readonly string[]): HttpProblem {
  const what = field === 'previous' ? "The previous year's files" : 'The files'
  return new HttpProblem(422, 'unreadable-return', `${what} (field ${field}) cannot be validated: ${errors.join(' ')}`, [
    { in: 'body', pointer: `/${field}`, message: errors.join(' ') },
  ])
}

/** The DfE's 903 validation rules, on a return as given (nothing stored). */
export function dataQualityRoutes(db: Kysely<Database>, options: DataQualityRouteOptions): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addSchema(RuleSummary)
    app.addSchema(ReturnFinding)
    app.addSchema(ReturnValidation)
    await app.register(storedDataQualityRoutes(db, options.service))
    // The multipart body is read as files; its schema documents the upload and is not checked by ajv.
    const compile = AjvCompiler()({}, { customOptions: { ...AJV_OPTIONS } })
    const bodyNotChecked: FastifySchemaCompiler<unknown> = (route) => (route.httpPart === 'body' ? () => true : compile(route as Parameters<typeof compile>[0]))

    app.register(async (plain) => {
      const scoped = plain.withTypeProvider<TypeBoxTypeProvider>()
      scoped.removeAllContentTypeParsers()
      scoped.addContentTypeParser('multipart/form-data', async (request: FastifyRequest, payload: Readable) =>
        readMultipartFiles(request, payload, { total: options.bodyLimit, files: 30 }),
      )
      scoped.addContentTypeParser(
        ['application/xml', 'text/xml'],
        { parseAs: 'buffer', bodyLimit: options.bodyLimit },
        async (_request: FastifyRequest, body: Buffer) => ({ xml: body }),
      )
      scoped.post(
        '/v1/authorities/:la/returns/ssda903/validate',
        {
          bodyLimit: options.bodyLimit,
          preParsing: [authorityMustExist(db), gunzipRequest],
          validatorCompiler: bodyNotChecked,
          schema: {
            tags: ['data-quality'],
            summary: "Validate a 903 return the DfE's way: the CSV set or the XML return as given, every rule of the year's set, nothing stored",
            description:
              'Send the 903 CSV files as multipart/form-data, as for POST .../imports/ssda903 (any subset; each recognised by ' +
              'name or columns; .gz allowed), or the <EXPSSDA903> XML return as application/xml or as the one file of the ' +
              "multipart. The previous year's return may come in the same multipart under the field name previous (its CSV " +
              'files, or its XML): the rules comparing the years (202-208, 502, 503A-503F) run only with it. Each rule of the ' +
              "year's DfE rule set runs on the values as written (a SEX of 1 in 2024-25 is a finding, not a refusal). The " +
              'answer lists every rule with the rows and children it flagged and the findings (rule, table, 0-based row index ' +
              'within the table, child id, fields), at most limit of them; format=csv answers the findings as CSV. A file that ' +
              "cannot be read as a 903 table is 422. Rules needing outside data (postcode directory, Ofsted's provider lists) " +
              'are not run. docs/data-quality.md lists the rules and where they knowingly differ from the DfE tool.',
            security,
            params: LaParams,
            querystring: ValidateQuery,
            body: {
              content: {
                'multipart/form-data': {
                  schema: Type.Object({
                    files: Type.Array(Type.Unknown(), { minItems: 1, description: 'The 903 CSV files, or the XML return.' }),
                    previous: Type.Optional(Type.Array(Type.Unknown(), { description: "The previous collection year's return: its CSV files, or its XML." })),
                  }),
                },
                'application/xml': { schema: Type.Object({ xml: Type.Unknown({ description: 'The <EXPSSDA903> return.' }) }) },
              },
            },
            response: {
              200: {
                description: 'The validation, as JSON or (format=csv) the findings as CSV.',
                content: {
                  'application/json': { schema: Type.Ref(ReturnValidation) },
                  'text/csv': { schema: Type.String() },
                },
              },
              ...problemResponses(400, 401, 403, 404, 413, 415, 422),
            },
          },
          // Nothing is stored: the request is audited as a read of the findings it answers.
          config: { auditRead: true, auditAsRead: true },
        },
        async (request, reply) => {
          const body = (request.body ?? {}) as Partial<MultipartUpload> & { xml?: Buffer }
          const files: Upload903File[] = body.xml ? [{ name: 'return.xml', content: body.xml }] : (body.files ?? []).filter((f) => f.field !== 'previous')
          if (files.length === 0)
            throw new HttpProblem(
              400,
              'no-files',
              'The upload holds no files of the return: send the 903 CSV files as multipart/form-data (field files), or the XML return.',
            )
          const previous = (body.files ?? []).filter((f) => f.field === 'previous')
          const { year, limit = 1000, format } = request.query
          // On the rules' thread, reading included: the fake set's files take 100 ms to read and as
          // long again to validate.
          const result = await options.service.validateUpload(files, previous, year, limit)
          if (result.unreadable !== null) throw unreadableReturn(result.unreadable.field, result.unreadable.errors)
          const findings = result.findings.map((f) => ({
            rule: f.rule,
            table: f.table,
            rowIndex: f.rowIndex,
            childId: f.childId,
            fields: [...f.fields],
            values: f.values,
          }))
          if (format === 'csv') return sendFindingsCsv(reply, `ssda903-${year}-findings.csv`, findings)
          return {
            year,
            rules: rulesForYear(year).map((rule, i) => ({
              code: rule.code,
              message: rule.message,
              tables: [...rule.tables],
              fields: [...rule.fields],
              rows: result.counts[i]?.rows ?? 0,
              children: result.counts[i]?.children ?? 0,
            })),
            findingCount: result.findingCount,
            truncated: findings.length < result.findingCount,
            findings,
          }
        },
      )
    })
  }
}
