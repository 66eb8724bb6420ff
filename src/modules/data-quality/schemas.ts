import { Type, type Static } from '@sinclair/typebox'
import { RULE_YEARS } from '../../domain/dfe-rules/index.ts'

export const ValidateQuery = Type.Object(
  {
    year: Type.Integer({
      minimum: Math.min(...RULE_YEARS),
      maximum: Math.max(...RULE_YEARS),
      description: 'The collection year whose DfE rule set applies, named by the year it ends in (2025 is 2024-25, 1 April 2024 to 31 March 2025).',
      examples: [2025],
    }),
    limit: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 50_000, default: 1000, description: 'The most findings listed (the counts per rule are always whole).' }),
    ),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'csv: the findings as a CSV file.' })),
  },
  { additionalProperties: false },
)
export type ValidateQuery = Static<typeof ValidateQuery>

const TableName = Type.String({ description: 'The 903 table: Header, Episodes, Reviews, UASC, OC2, OC3, AD1, PlacedAdoption, PrevPerm, Missing, SWEpisodes.' })

export const RuleSummary = Type.Object(
  {
    code: Type.String({ examples: ['101'] }),
    message: Type.String({ description: "The DfE's message." }),
    tables: Type.Array(TableName),
    fields: Type.Array(Type.String(), { description: 'The 903 columns the rule reads.' }),
    rows: Type.Integer({ description: 'Rows flagged, over all tables.' }),
    children: Type.Integer({ description: 'Children with a row flagged.' }),
  },
  { $id: 'DataQualityRule', additionalProperties: false },
)

export const ReturnFinding = Type.Object(
  {
    rule: Type.String(),
    table: TableName,
    rowIndex: Type.Integer({
      description: "The row's 0-based index among its table's data rows (in a CSV file, line rowIndex + 2), as the DfE validator numbers it.",
    }),
    childId: Type.Union([Type.String(), Type.Null()]),
    fields: Type.Array(Type.String()),
  },
  { $id: 'DataQualityFinding', additionalProperties: false },
)

export const ReturnValidation = Type.Object(
  {
    year: Type.Integer(),
    rules: Type.Array(Type.Ref(RuleSummary), { description: "Every rule of the year's set, in the service's order, with what it flagged." }),
    findingCount: Type.Integer({ description: 'Findings in all (rows flagged, over all rules).' }),
    truncated: Type.Boolean({ description: 'True when findings lists fewer than findingCount (see limit).' }),
    findings: Type.Array(Type.Ref(ReturnFinding)),
  },
  { $id: 'DataQualityReturnValidation', additionalProperties: false },
)
