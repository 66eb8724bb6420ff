import { Type, type Static } from '@sinclair/typebox'
import { RULE_YEARS } from '../../domain/dfe-rules/index.ts'
import { pageQuery, PageInfo } from '../../http/pagination.ts'
import { ChildId, IsoDateTime, LaCode, NonBlank, Nullable, Text } from '../../http/schemas.ts'

const Year = Type.Integer({
  minimum: Math.min(...RULE_YEARS),
  maximum: Math.max(...RULE_YEARS),
  description: 'The collection year whose DfE rule set applies, named by the year it ends in (2025 is 2024-25, 1 April 2024 to 31 March 2025).',
  examples: [2025],
})

const Format = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'csv: the findings as a CSV file.' }))

export const ValidateQuery = Type.Object(
  {
    year: Year,
    limit: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 50_000, default: 1000, description: 'The most findings listed (the counts per rule are always whole).' }),
    ),
    format: Format,
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

const FieldValues = Type.Record(Type.String(), Nullable(Type.String()), {
  description: "The flagged row's values of those fields, as the rules read them (upper case; blank is null).",
})

export const ReturnFinding = Type.Object(
  {
    rule: Type.String(),
    table: TableName,
    rowIndex: Type.Integer({
      description: "The row's 0-based index among its table's data rows (in a CSV file, line rowIndex + 2), as the DfE validator numbers it.",
    }),
    childId: Type.Union([Type.String(), Type.Null()]),
    fields: Type.Array(Type.String()),
    values: FieldValues,
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

// ---- the stored data's findings

const RowIndex = Type.Integer({
  description: "The row's 0-based index within its table of the year's export (GET .../exports/ssda903?year=): in the CSV file, line rowIndex + 2.",
})
const RowKey = Type.String({
  description:
    "The row's identity within the child's rows of its table, which holds when rows move: the episode's DECOM, the review's " +
    "REVIEW, the missing episode's MIS_START, DATE_PLACED, SW_DECOM|SW_ID; '-' in a table of one row per child; '#2' after it for a second row alike.",
})

const FindingCursor = Type.String({ pattern: '^[0-9]{1,4}\\.[A-Za-z0-9]{1,20}\\.[0-9]{1,9}$', description: 'The nextCursor of the previous page.' })

export const DataQualityQuery = Type.Object(
  {
    year: Year,
    rule: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9]{1,20}$', description: "Only this rule's findings (the rule counts are always every rule's)." })),
    ...pageQuery({ defaultLimit: 1000, maxLimit: 10_000, cursor: FindingCursor }),
    format: Format,
  },
  { additionalProperties: false },
)
export type DataQualityQuery = Static<typeof DataQualityQuery>

export const YearQuery = Type.Object({ year: Year }, { additionalProperties: false })

export const ChildParams = Type.Object({ la: LaCode, childId: ChildId }, { additionalProperties: false })

const AcknowledgedBy = {
  clientId: Nullable(Type.String({ format: 'uuid', description: 'The API client that acknowledged it (null once that client is deleted).' })),
  clientName: Nullable(Type.String({ description: "That client's name." })),
  acknowledgedAt: IsoDateTime,
  reason: Type.String(),
}

export const StoredFinding = Type.Object(
  {
    rule: Type.String(),
    table: TableName,
    rowIndex: RowIndex,
    childId: Type.String(),
    rowKey: RowKey,
    fields: Type.Array(Type.String()),
    values: FieldValues,
    acknowledgement: Nullable(
      Type.Object(
        { id: Type.String({ format: 'uuid' }), ...AcknowledgedBy },
        { additionalProperties: false, description: 'Set when the finding is acknowledged with the values it has now; such a finding is not open.' },
      ),
    ),
  },
  { $id: 'DataQualityStoredFinding', additionalProperties: false },
)

export const StoredRuleSummary = Type.Object(
  {
    ...RuleSummary.properties,
    openRows: Type.Integer({ description: 'Rows flagged and not acknowledged.' }),
    openChildren: Type.Integer({ description: 'Children with a row flagged and not acknowledged.' }),
    acknowledged: Type.Integer({ description: 'Rows flagged and acknowledged (with the values they have now).' }),
  },
  { $id: 'DataQualityStoredRule', additionalProperties: false },
)

export const StoredValidation = Type.Object(
  {
    year: Type.Integer(),
    computedAt: Type.String({ format: 'date-time', description: 'When the findings were computed from the stored data (at the data version they hold).' }),
    rules: Type.Array(Type.Ref(StoredRuleSummary), { description: "Every rule of the year's set, in the service's order." }),
    findingCount: Type.Integer({ description: 'Findings in all.' }),
    openCount: Type.Integer({ description: 'Findings not acknowledged.' }),
    acknowledgedCount: Type.Integer(),
    findings: Type.Array(Type.Ref(StoredFinding), { description: 'A page of the findings (of rule, when given), in rule order, then table, then row.' }),
    ...PageInfo,
  },
  { $id: 'DataQualityStoredValidation', additionalProperties: false },
)

export const ChildFindings = Type.Object(
  {
    year: Type.Integer(),
    childId: Type.String(),
    computedAt: Type.String({ format: 'date-time' }),
    findings: Type.Array(Type.Ref(StoredFinding)),
  },
  { additionalProperties: false },
)

export const AcknowledgementBody = Type.Object(
  {
    year: Year,
    rule: Type.String({ pattern: '^[A-Za-z0-9]{1,20}$', description: 'The DfE rule code.', examples: ['101'] }),
    table: Type.Union(
      ['Header', 'Episodes', 'Reviews', 'UASC', 'OC2', 'OC3', 'AD1', 'PlacedAdoption', 'PrevPerm', 'Missing', 'SWEpisodes'].map((t) => Type.Literal(t)),
      { description: 'The 903 table of the flagged row.' },
    ),
    childId: ChildId,
    rowKey: Text(200, { minLength: 1, description: "The finding's rowKey, as the findings list gives it." }),
    reason: NonBlank(2000, { description: 'Why the finding stands: what the DfE asks for when an error is left in a return.' }),
  },
  { additionalProperties: false },
)
export type AcknowledgementBody = Static<typeof AcknowledgementBody>

export const Acknowledgement = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    year: Type.Integer(),
    rule: Type.String(),
    table: TableName,
    childId: Type.String(),
    rowKey: RowKey,
    ...AcknowledgedBy,
    status: Type.Union([Type.Literal('active'), Type.Literal('lapsed'), Type.Literal('resolved')], {
      description:
        'active: the finding stands with the values acknowledged (it is not open); lapsed: its values changed since (it is open again); resolved: the finding is gone.',
    }),
  },
  { $id: 'DataQualityAcknowledgement', additionalProperties: false },
)

export const AcknowledgementsQuery = Type.Object(
  {
    year: Type.Optional(Year),
    ...pageQuery({ defaultLimit: 100, maxLimit: 1000, cursor: Type.String({ format: 'uuid', description: 'The nextCursor of the previous page.' }) }),
  },
  { additionalProperties: false },
)

export const AcknowledgementParams = Type.Object({ la: LaCode, id: Type.String({ format: 'uuid' }) }, { additionalProperties: false })
