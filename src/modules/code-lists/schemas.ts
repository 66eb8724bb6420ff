import { Type } from '@sinclair/typebox'
import { DateParam, Nullable } from '../../http/schemas.ts'

/** A code with the collection years it is valid in. */
const Code = Type.Object(
  {
    code: Type.String(),
    description: Type.String(),
    validFrom: Nullable(Type.Integer({ description: 'First collection year (named by its end: 2025 is 2024-25); null: always.' })),
    validTo: Nullable(Type.Integer({ description: 'Last collection year; null: still in force.' })),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

export const FieldList = Type.Object(
  {
    field: Type.String(),
    year: Nullable(Type.Integer({ description: 'The collection year asked for; null when every code ever valid is listed.' })),
    yearLabel: Nullable(Type.String({ examples: ['2024-25'] })),
    codes: Type.Array(Code),
  },
  { additionalProperties: false },
)

export const YearQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'Collection year by its end (2025 = 2024-25).' })),
    date: Type.Optional(DateParam('Or: the codes in force on this date.')),
  },
  { additionalProperties: false },
)
