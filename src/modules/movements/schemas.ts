import { Type, type Static } from '@sinclair/typebox'
import { IsoDate, Nullable } from '../../http/schemas.ts'

export const RangeQuery = Type.Object(
  {
    from: IsoDate,
    to: IsoDate,
  },
  { additionalProperties: false },
)
export type RangeQuery = Static<typeof RangeQuery>

export const MovementsQuery = Type.Object(
  {
    from: IsoDate,
    to: IsoDate,
    interval: Type.Optional(
      Type.Union([Type.Literal('month'), Type.Literal('quarter'), Type.Literal('year')], {
        default: 'month',
        description: 'Periods whose end falls between from and to. Quarters end 30 Jun/30 Sep/31 Dec/31 Mar; years end 31 March.',
      }),
    ),
  },
  { additionalProperties: false },
)
export type MovementsQuery = Static<typeof MovementsQuery>

const Count = (description: string) => Nullable(Type.Integer({ description: `${description} Null when suppressed.` }))

const MovementRow = Type.Object(
  {
    periodStart: Type.String({ format: 'date' }),
    periodEnd: Type.String({ format: 'date' }),
    start: Count('Children in care on the day before the period.'),
    admissions: Count('Admissions dated in the period.'),
    cessations: Count('Cessations dated in the period.'),
    end: Count('Children in care on the last day of the period.'),
    netChange: Count('end - start (= admissions - cessations).'),
    suppressed: Type.Boolean({ description: 'Some counts of 1-4 are hidden for this client.' }),
  },
  { additionalProperties: false },
)

export const MovementsResponse = Type.Object(
  {
    interval: Type.String(),
    rule: Type.String({ description: 'How the numbers are counted.' }),
    items: Type.Array(MovementRow),
  },
  { additionalProperties: false },
)

export const Admission = Type.Object(
  {
    childId: Type.String(),
    date: Type.String({ format: 'date', description: 'DECOM of the admitting episode.' }),
    legalStatus: Type.String(),
    categoryOfNeed: Type.String(),
    placementType: Type.String(),
    placementProvider: Nullable(Type.String()),
    fromShortBreak: Type.Boolean({ description: 'Counted because a V3/V4 short break turned into care in the same period of care.' }),
  },
  { additionalProperties: false },
)

export const Cessation = Type.Object(
  {
    childId: Type.String(),
    date: Type.String({ format: 'date', description: 'DEC of the ceasing episode.' }),
    reasonEnded: Type.String({ description: 'REC code.' }),
    reasonDescription: Nullable(Type.String()),
    legalStatus: Type.String(),
    placementType: Type.String(),
    toShortBreak: Type.Boolean({ description: 'Counted because care turned into a V3/V4 short break in the same period of care.' }),
  },
  { additionalProperties: false },
)
