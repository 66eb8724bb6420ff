import { Type } from '@sinclair/typebox'

/** What a probe answers: up or not, and on which database. */
export const ProbeAnswer = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.Optional(Type.String({ description: 'Which database the service runs on: postgres or pglite.' })),
})
