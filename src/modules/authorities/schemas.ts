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
