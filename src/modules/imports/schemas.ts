import { Type, type Static, type TProperties, type TSchema } from '@sinclair/typebox'
import { cursorAlias, PageInfo, pageQuery } from '../../http/pagination.ts'
import { EXPORT_FILES } from '../../domain/ssda903/index.ts'
import { ChildId, Int, IsoDateTime, Nullable, Text as BoundedText } from '../../http/schemas.ts'
import { Ssda903ChildTables } from '../../http/ssda903.ts'
import { CareLeaverRecord, ContactRecord, PathwayPlanRecord, PersonalAdviserRecord } from '../partner-records/kinds/care-leavers.ts'
import { HealthCheckRecord } from '../partner-records/kinds/health-checks.ts'
import { ReturnInterviewRecord } from '../partner-records/kinds/return-interviews.ts'
import { SdqRecord } from '../partner-records/kinds/sdq.ts'

// The snapshot is checked for shape here and for meaning row by row later: a bad date or code in one
// child's row is a finding that rejects that child, not a 400 for the whole night's data. What no row
// can hold (U+0000, a value past 200 characters) is the 400.
const Text = (description?: string) => BoundedText(200, description ? { description } : {})
const OptText = () => Type.Optional(Nullable(Text()))

const SnapshotEpisode = Type.Object(
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
    placementDistance: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 9999, description: 'Miles from home, where known.' }))),
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
    ...Ssda903ChildTables,
  },
  { additionalProperties: false },
)

/**
 * Partner records in a snapshot: each is the partner endpoint's record, built from the very same
 * field schemas (so the same shape rules), with the child by the council's child id only, no purge
 * flag (a snapshot says what exists), and the fields a live record needs required. A record that
 * fails its schema is a finding that skips it, not a 400 for the whole snapshot.
 */
const required = <T extends TSchema>(schema: T) => Type.Optional(schema, false)
const record = <T extends TProperties>(properties: T, endpoint: string) =>
  Type.Object(properties, { additionalProperties: false, description: `As POST /v1/authorities/{la}/${endpoint} takes it, by childId, without purge.` })

const hc = HealthCheckRecord.properties
export const SnapshotHealthCheck = record(
  {
    recordId: hc.recordId,
    childId: ChildId,
    kind: required(hc.kind),
    date: required(hc.date),
    outcome: required(hc.outcome),
    clinicianRole: hc.clinicianRole,
    immunisationsUpToDate: hc.immunisationsUpToDate,
  },
  'health-checks',
)

const sq = SdqRecord.properties
export const SnapshotSdq = record(
  {
    recordId: sq.recordId,
    childId: ChildId,
    date: required(sq.date),
    informant: required(sq.informant),
    total: sq.total,
    emotional: sq.emotional,
    conduct: sq.conduct,
    hyperactivity: sq.hyperactivity,
    peer: sq.peer,
    prosocial: sq.prosocial,
    reasonCode: sq.reasonCode,
  },
  'sdq',
)

export const SnapshotCareLeaver = record({ childId: ChildId, eligibility: required(CareLeaverRecord.properties.eligibility) }, 'care-leavers')

const pa = PersonalAdviserRecord.properties
export const SnapshotPersonalAdviser = record(
  { recordId: pa.recordId, childId: ChildId, name: pa.name, allocatedOn: required(pa.allocatedOn), endedOn: pa.endedOn },
  'personal-advisers',
)

const pp = PathwayPlanRecord.properties
export const SnapshotPathwayPlan = record({ recordId: pp.recordId, childId: ChildId, planDate: required(pp.planDate), reviews: pp.reviews }, 'pathway-plans')

const ct = ContactRecord.properties
export const SnapshotContact = record(
  { recordId: ct.recordId, childId: ChildId, date: required(ct.date), inTouch: required(ct.inTouch), activity: ct.activity, accommodation: ct.accommodation },
  'care-leaver-contacts',
)

const ri = ReturnInterviewRecord.properties
export const SnapshotReturnInterview = record(
  { recordId: ri.recordId, childId: ChildId, missingStart: required(ri.missingStart), offeredOn: ri.offeredOn, response: ri.response, heldOn: ri.heldOn },
  'missing/return-interviews',
)

const section = <T extends TSchema>(item: T, what: string) =>
  Type.Optional(
    Type.Array(item, {
      description:
        `${what}. Sent, the list is the whole truth for the authority in snapshot mode (records not in it are deleted; with ` +
        'mode=delta they are kept); left out, what is stored is not touched. A record with an error is a finding and keeps ' +
        "its stored version, as do a rejected child's records.",
    }),
  )

const Count = Type.Integer({ minimum: 0, maximum: 100_000_000 })

/** What the sender says it sent: any disagreement refuses the run (a snapshot cut short in transit). */
export const JsonManifest = Type.Object(
  {
    counts: Type.Object(
      {
        children: Type.Optional(Count),
        episodes: Type.Optional(Count),
        healthChecks: Type.Optional(Count),
        sdqReturns: Type.Optional(Count),
        careLeavers: Type.Optional(Count),
        personalAdvisers: Type.Optional(Count),
        pathwayPlans: Type.Optional(Count),
        careLeaverContacts: Type.Optional(Count),
        returnHomeInterviews: Type.Optional(Count),
        reviews: Type.Optional(Count),
        missingEpisodes: Type.Optional(Count),
        placedForAdoption: Type.Optional(Count),
        socialWorkerEpisodes: Type.Optional(Count),
      },
      {
        additionalProperties: false,
        description: "Items per list (episodes and the children's 903 lists, such as reviews: across all children). A list counted but not sent counts as 0.",
      },
    ),
  },
  { additionalProperties: false, description: 'Optional: what the sender sent, checked before anything is applied.' },
)
export type JsonManifest = Static<typeof JsonManifest>

export const JsonSnapshot = Type.Object(
  {
    manifest: Type.Optional(JsonManifest),
    children: Type.Array(SnapshotChild, { description: 'Every child the CMS holds for the authority, with their whole episode list.' }),
    healthChecks: section(SnapshotHealthCheck, 'Health checks, by record id'),
    sdqReturns: section(SnapshotSdq, 'SDQ returns, by record id'),
    careLeavers: section(SnapshotCareLeaver, "Care leavers' eligibility, one per child"),
    personalAdvisers: section(SnapshotPersonalAdviser, 'Personal adviser allocations, by record id'),
    pathwayPlans: section(SnapshotPathwayPlan, 'Pathway plans with their reviews, by record id'),
    careLeaverContacts: section(SnapshotContact, 'Contacts with care leavers (OC3 codes), by record id'),
    returnHomeInterviews: section(
      SnapshotReturnInterview,
      "Return home interviews for missing episodes (by the child and the episode's MIS_START), by record id",
    ),
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
              {
                startDate: '2024-05-02',
                reasonNewEpisode: 'S',
                legalStatus: 'C1',
                categoryOfNeed: 'N1',
                placementType: 'U6',
                placementProvider: 'PR1',
                homePostcode: 'S60 2TH',
                placementPostcode: 'S65 1AA',
              },
            ],
          },
        ],
        healthChecks: [{ recordId: 'RHH-IHA-000123', childId: 'C100234', kind: 'initial_health_assessment', date: '2024-05-20', outcome: 'completed' }],
        sdqReturns: [{ recordId: 'RHH-SDQ-7781', childId: 'C100234', date: '2025-02-20', informant: 'carer', total: 14 }],
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
    dryRun: Type.Optional(
      Type.Boolean({ default: false, description: 'Check everything and answer what the import would do (200), applying and recording nothing.' }),
    ),
    allowShrink: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Confirm a deliberate large change: the import may delete more than the share the guard allows (IMPORT_SHRINK_PERCENT).',
      }),
    ),
    confirmDeletes: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z][A-Za-z0-9]{0,39}:[0-9]{1,9}(,[A-Za-z][A-Za-z0-9]{0,39}:[0-9]{1,9}){0,19}$',
        maxLength: 1000,
        description:
          'Confirm the deletions expected, e.g. children:120,episodes:800 (kinds: children, episodes, healthChecks, sdqReturns, careLeavers, ' +
          'personalAdvisers, pathwayPlans, careLeaverContacts, returnHomeInterviews): at most that many of each kind named may go. A refusal (409) gives the value.',
      }),
    ),
    year: Type.Optional(
      Type.Integer({
        minimum: 1992,
        maximum: 2100,
        description:
          "A 903 return's collection year, named by the 31 March it ends on (2025 is 2024-25): its OC3 rows are stored as that year's. " +
          'Default: the year that contains today. Other tables are not by year.',
      }),
    ),
  },
  { additionalProperties: false },
)
export type ImportQuery = Static<typeof ImportQuery>

export const ImportCounts = Type.Object(
  {
    inserted: Type.Integer(),
    updated: Type.Integer(),
    deleted: Type.Integer(),
    unchanged: Type.Integer(),
    rejected: Type.Integer({ description: 'Refused because of an error finding; what was stored is kept.' }),
  },
  { $id: 'ImportCounts', additionalProperties: false },
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
    counts: Type.Record(Type.String(), Type.Ref(ImportCounts), { description: 'Per table.' }),
    errorCount: Type.Integer(),
    warningCount: Type.Integer(),
    message: Nullable(Type.String()),
    startedAt: IsoDateTime,
    finishedAt: Nullable(IsoDateTime),
    durationMs: Nullable(Type.Integer()),
    undoUntil: Nullable(
      Type.String({ format: 'date-time', description: 'What the run replaced is kept until then: POST .../imports/{runId}/revert undoes it.' }),
    ),
    reverts: Nullable(Type.String({ format: 'uuid', description: 'For a revert: the run it undid.' })),
    revertedBy: Nullable(Type.String({ format: 'uuid', description: 'The revert that undid this run.' })),
    shrinkConfirmed: Nullable(Type.String({ description: "How a large deletion was confirmed: 'allowShrink' or the confirmDeletes sent." })),
    dataQuality: Type.Optional(
      Nullable(
        Type.Array(
          Type.Object(
            { year: Type.Integer(), newFindings: Type.Integer(), resolvedFindings: Type.Integer(), openFindings: Type.Integer() },
            { additionalProperties: false },
          ),
          {
            description:
              "Per collection year, the DfE rules' findings on the stored data the run made and resolved, and those open after it (GET .../data-quality); null when it changed nothing, and in the import's own answer: the refresh runs after it, and the run (GET .../imports/{runId}) shows the counts once it has finished.",
          },
        ),
      ),
    ),
  },
  { $id: 'ImportRun', additionalProperties: false },
)

export const RunParams = Type.Object({ la: Type.String({ pattern: '^[0-9]{3}$' }), runId: Type.String({ format: 'uuid' }) }, { additionalProperties: false })

const findingFields = {
  table: Type.String({ description: 'The 903 table or snapshot section.' }),
  rowNumber: Nullable(Type.Integer({ description: '1-based data row in the file, or item in the list.' })),
  childId: Nullable(Type.String()),
  rule: Type.String({ description: 'DfE rule number where one exists.' }),
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  fields: Type.Array(Type.String()),
  message: Type.String(),
}

export const ImportPreviewFinding = Type.Object(findingFields, { $id: 'ImportPreviewFinding', additionalProperties: false })

/** A finding as a run keeps it: numbered (seq) in the order it was found. */
export const RunFinding = Type.Object({ seq: Type.Integer(), ...findingFields }, { additionalProperties: false })
export type RunFinding = Static<typeof RunFinding>

export const FindingsQuery = Type.Object(
  {
    severity: Type.Optional(Type.Union([Type.Literal('error'), Type.Literal('warning')])),
    ...pageQuery({ defaultLimit: 500, maxLimit: 10000, cursor: Type.String({ pattern: '^[0-9]{1,9}$', description: 'The nextCursor of the previous page.' }) }),
    after: Type.Optional(Int({ description: cursorAlias('The seq of the last finding of the previous page.') })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
  },
  { additionalProperties: false },
)
export type FindingsQuery = Static<typeof FindingsQuery>

export const FindingsPage = Type.Object({
  items: Type.Array(RunFinding),
  ...PageInfo,
  nextAfter: Nullable(Type.Integer({ description: 'The seq of the last finding, as nextCursor: the older name, kept for clients written before it.' })),
})

export const RunsQuery = Type.Object(
  {
    ...pageQuery({ defaultLimit: 50, maxLimit: 500, cursor: Type.String({ format: 'date-time', description: 'The nextCursor of the previous page.' }) }),
    before: Type.Optional(
      Type.String({ format: 'date-time', description: cursorAlias('Runs started before this time (the startedAt of the last run of the previous page).') }),
    ),
  },
  { additionalProperties: false },
)

export const ImportPreview = Type.Object(
  {
    dryRun: Type.Literal(true),
    changed: Type.Boolean({ description: 'False when the snapshot matches what is stored.' }),
    counts: Type.Record(Type.String(), Type.Ref(ImportCounts), { description: 'Per table, as the run would record them.' }),
    errorCount: Type.Integer(),
    warningCount: Type.Integer(),
    findings: Type.Array(Type.Ref(ImportPreviewFinding), { description: 'The first 1,000 findings.' }),
    findingsTotal: Type.Integer(),
  },
  { $id: 'ImportPreview', additionalProperties: false, description: 'What the import would do; nothing was applied or recorded.' },
)

/** The 903 export's query: the collection year, the rows it holds, the format, optionally one CSV file. */
export const ExportQuery = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100, description: 'Collection year, by its end: 2025 is 2024-25.' }),
    history: Type.Optional(
      Type.Union([Type.Literal('year'), Type.Literal('all')], {
        default: 'year',
        description: "year: each table's cohort for the year, as the DfE's guidance says; all: every row as stored.",
      }),
    ),
    format: Type.Optional(
      Type.Union([Type.Literal('csv'), Type.Literal('xml')], {
        default: 'csv',
        description: 'csv: the CSV set (as JSON, or one file with file=); xml: the <EXPSSDA903> return as one document.',
      }),
    ),
    file: Type.Optional(
      Type.Union(
        EXPORT_FILES.map((f) => Type.Literal(f)),
        { description: 'One CSV file of the set (format csv only).' },
      ),
    ),
  },
  { additionalProperties: false },
)

/** The 903 export as JSON: each file's name and content. */
export const ExportFiles = Type.Object({ year: Type.Integer(), files: Type.Record(Type.String(), Type.String()) })
