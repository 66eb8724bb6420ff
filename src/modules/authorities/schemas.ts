import { Type, type Static } from '@sinclair/typebox'
import { Int, IsoDateTime, LaCode, Nullable, Text } from '../../http/schemas.ts'

export const Authority = Type.Object(
  {
    la: LaCode,
    name: Type.String({ description: 'The council name.', examples: ['Rotherham'] }),
    populationUnder18: Nullable(Type.Integer({ description: 'Children under 18 in the area, for rates per 10,000.' })),
    dataVersion: Type.Integer({ description: "Goes up with every write to this authority's data." }),
    updatedAt: IsoDateTime,
  },
  { $id: 'Authority', additionalProperties: false },
)
export type Authority = Static<typeof Authority>

export const AuthorityBody = Type.Object(
  {
    name: Text(200, { minLength: 1, description: 'The council name.', examples: ['Rotherham'] }),
    populationUnder18: Type.Optional(Nullable(Int({ minimum: 1, description: 'Children under 18 in the area (ONS mid-year estimate).', examples: [57_000] }))),
  },
  { additionalProperties: false },
)
export type AuthorityBody = Static<typeof AuthorityBody>

const Year = Int({ minimum: 1990, maximum: 2100, description: 'The year of the ONS mid-year estimate (as at 30 June).', examples: [2024] })

export const PopulationEstimate = Type.Object(
  {
    year: Year,
    population: Int({ minimum: 1, maximum: 10_000_000, description: 'Children aged 0-17 in the area.', examples: [57_000] }),
    source: Type.Optional(Nullable(Text(200, { description: 'Where the figure comes from.', examples: ['ONS mid-2024 population estimates'] }))),
  },
  { $id: 'PopulationEstimate', additionalProperties: false },
)
export type PopulationEstimate = Static<typeof PopulationEstimate>

export const PopulationList = Type.Object(
  {
    la: LaCode,
    items: Type.Array(Type.Ref(PopulationEstimate), { description: 'By year, oldest first.' }),
  },
  { additionalProperties: false },
)

export const PopulationBody = Type.Object(
  {
    items: Type.Array(PopulationEstimate, {
      maxItems: 200,
      description: "The authority's estimates: they replace those held. Each year once.",
    }),
  },
  { additionalProperties: false },
)
export type PopulationBody = Static<typeof PopulationBody>

export const PopulationQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json', description: 'csv: year,population,source.' })) },
  { additionalProperties: false },
)
