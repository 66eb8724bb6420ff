import { Type, type Static } from '@sinclair/typebox'
import { IsoDateTime, Nullable } from '../../http/schemas.ts'

// The snapshot is checked for shape here and for meaning row by row later: a bad date or code in one
// child's row is a finding that rejects that child, not a 400 for the whole night's data.
const Text = (description?: string) => Type.String({ maxLength: 200, ...(description ? { description } : {}) })
const OptText = () => Type.Optional(Nullable(Text()))

export const SnapshotEpisode = Type.Object(
  {
    startDate: Text('DECOM, YYYY-MM-DD.'),
    reasonNewEpisode: Text(),
    legalStatus: Text(),
    categoryOfNeed: Text(),
    placementType: Text(),
    placementProvider: OptText(),
    endDate: OptText(),
    reasonEnded: OptText(),
    reasonPlaceChange: OptText(),
    homePostcode: OptText(),
    placementPostcode: OptText(),
    urn: OptText(),
    placementLa: OptText(),
    placementDistance: Type.Optional(Nullable(Type.Number())),
  },
  { additionalProperties: false },
)

export const SnapshotChild = Type.Object(
  {
    childId: Text("The council's child id."),
    sex: Text(),
    dateOfBirth: Text('YYYY-MM-DD.'),
    ethnicity: Text(),
    upn: OptText(),
    nhsNumber: OptText(),
    uasc: Type.Optional(Type.Boolean()),
    uascCeasedOn: OptText(),
    episodes: Type.Array(SnapshotEpisode, { maxItems: 5000 }),
  },
  { additionalProperties: false },
)

export const JsonSnapshot = Type.Object(
  {
    children: Type.Array(SnapshotChild, { description: 'Every child the CMS holds for the authority, with their whole episode list.' }),
  },
  {
    additionalProperties: false,
    examples: [
      {
        children: [
          {
            childId: 'C100234',
            sex: 'F',
            dateOfBirth: '2012-06-14',
            ethnicity: 'WBRI',
            nhsNumber: '9434765919',
            episodes: [
              { startDate: '2024-05-02', reasonNewEpisode: 'S', legalStatus: 'C1', categoryOfNeed: 'N1', placementType: 'U6', placementProvider: 'PR1', homePostcode: 'S60 2TH', placementPostcode: 'S65 1AA' },
            ],
          },
        ],
      },
    ],
  },
)
export type JsonSnapshot = Static<typeof JsonSnapshot>

export const ImportQuery = Type.Object(
  {
    mode: Type.Optional(
      Type.Union([Type.Literal('snapshot'), Type.Literal('delta')], {
        default: 'snapshot',
        description: 'snapshot: what is not sent is deleted; delta: only what is sent is applied.',
      }),
    ),
    strict: Type.Optional(Type.Boolean({ default: false, description: 'Fail the whole run when any row has an error.' })),
  },
  { additionalProperties: false },
)
export type ImportQuery = Static<typeof ImportQuery>

const Counts = Type.Object(
  {
    inserted: Type.Integer(),
    updated: Type.Integer(),
    deleted: Type.Integer(),
    unchanged: Type.Integer(),
    rejected: Type.Integer({ description: 'Refused because of an error finding; what was stored is kept.' }),
  },
  { additionalProperties: false },
)

export const ImportRun = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    la: Type.String(),
    clientId: Nullable(Type.String()),
    format: Type.String(),
    mode: Type.String(),
    strict: Type.Boolean(),
    status: Type.Union([Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
    changed: Nullable(Type.Boolean({ description: 'False when the snapshot matched what was stored: nothing was written.' })),
    counts: Type.Record(Type.String(), Counts, { description: 'Per table.' }),
    errorCount: Type.Integer(),
    warningCount: Type.Integer(),
    message: Nullable(Type.String()),
    startedAt: IsoDateTime,
    finishedAt: Nullable(IsoDateTime),
    durationMs: Nullable(Type.Integer()),
  },
  { $id: 'ImportRun', additionalProperties: false },
)

export const RunParams = Type.Object(
  { la: Type.String({ pattern: '^[0-9]{3}$' }), runId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
)

export const ImportFinding = Type.Object(
  {
    seq: Type.Integer(),
    table: Type.String({ description: 'The 903 table or snapshot section.' }),
    rowNumber: Nullable(Type.Integer({ description: '1-based data row in the file, or item in the list.' })),
    childId: Nullable(Type.String()),
    rule: Type.String({ description: 'DfE rule number where one exists.' }),
    severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
    fields: Type.Array(Type.String()),
    message: Type.String(),
  },
  { additionalProperties: false },
)

export const FindingsQuery = Type.Object(
  {
    severity: Type.Optional(Type.Union([Type.Literal('error'), Type.Literal('warning')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 500 })),
    after: Type.Optional(Type.Integer({ minimum: 0, description: 'The seq of the last finding of the previous page.' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
  },
  { additionalProperties: false },
)
