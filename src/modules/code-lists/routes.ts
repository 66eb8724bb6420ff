import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { SCOPE_NAMES } from '../../domain/auth/scopes.ts'
import { allCodes, codeFields, codeList, isCodeField, type CodeField } from '../../domain/code-lists/index.ts'
import { collectionYearLabel, collectionYearOf } from '../../domain/dates/calendar.ts'
import { notFound, problemResponses } from '../../http/problem.ts'
import { requireScope } from '../../plugins/auth.ts'
import { FieldList, YearQuery } from './schemas.ts'

/** The SSDA903 code lists, versioned by collection year: what integrations validate against. */
export function codeListRoutes(): FastifyPluginAsyncTypebox {
  return async (app) => {
    const security = requireScope(...SCOPE_NAMES)
    const listFor = (field: CodeField, year: number | null) => ({
      field,
      year,
      yearLabel: year === null ? null : collectionYearLabel(year),
      codes: year === null ? allCodes(field) : codeList(field, year).map((c) => ({ ...c, ...pickValidity(field, c.code) })),
    })
    const pickValidity = (field: CodeField, code: string) => {
      const def = allCodes(field).find((d) => d.code === code)
      return { validFrom: def?.validFrom ?? null, validTo: def?.validTo ?? null, ...(def?.note ? { note: def.note } : {}) }
    }
    const yearOf = (q: { year?: number; date?: string }) => q.year ?? (q.date ? collectionYearOf(q.date) : null)

    app.get(
      '/v1/code-lists',
      {
        schema: {
          tags: ['code-lists'],
          summary: 'Every SSDA903 code list, with descriptions, for a collection year (or every code ever valid)',
          description: 'H5 and P2 end in 2024-25, K3 starts in 2024-25, Z1 splits into Z11-Z14 in 2025-26, sex moves from 1/2 to M/F/U in 2024-25.',
          security,
          querystring: YearQuery,
          response: { 200: Type.Object({ items: Type.Array(FieldList) }), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => ({ items: codeFields.map((f) => listFor(f, yearOf(request.query))) }),
    )

    app.get(
      '/v1/code-lists/:field',
      {
        schema: {
          tags: ['code-lists'],
          summary: 'One SSDA903 code list (e.g. placementType), for a collection year or all years',
          security,
          params: Type.Object({ field: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', examples: ['placementType'] }) }, { additionalProperties: false }),
          querystring: YearQuery,
          response: { 200: FieldList, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { field } = request.params
        if (!isCodeField(field)) throw notFound(`No code list ${field}; the lists are ${codeFields.join(', ')}.`)
        return listFor(field, yearOf(request.query))
      },
    )
  }
}
