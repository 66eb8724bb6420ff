import { Type, type Static } from '@sinclair/typebox'
import { PageInfo, PageQuery } from '../../http/pagination.ts'
import { ChildId, DateParam, IsoDate, LaCode, Nullable, Text } from '../../http/schemas.ts'
import {
  Ssda903Adoption,
  Ssda903MissingEpisode,
  Ssda903Oc2,
  Ssda903Oc3,
  Ssda903PlacedForAdoption,
  Ssda903PreviousPermanence,
  Ssda903Review,
  Ssda903SocialWorkerEpisode,
} from '../../http/ssda903.ts'

export const ChildParams = Type.Object({ la: LaCode, childId: ChildId }, { additionalProperties: false })
export type ChildParams = Static<typeof ChildParams>

const Code = (description: string, examples: string[]) => Text(8, { minLength: 1, description, examples })
const OptionalText = (schema: ReturnType<typeof Text>) => Type.Optional(Nullable(schema))

export const ChildHeaderBody = Type.Object(
  {
    sex: Code('903 SEX: 1/2 up to 2023-24, M/F/U from 2024-25.', ['F']),
    dateOfBirth: IsoDate,
    ethnicity: Code('903 ETHNIC code.', ['WBRI']),
    upn: OptionalText(Text(20, { description: 'Unique pupil number, or UN1-UN5.', examples: ['A123456789012'] })),
    nhsNumber: OptionalText(Text(14, { description: 'NHS number, 10 digits (spaces allowed).', examples: ['943 476 5919'] })),
    uasc: Type.Optional(Type.Boolean({ default: false, description: 'Unaccompanied asylum-seeking child.' })),
    uascCeasedOn: Type.Optional(Nullable(IsoDate)),
  },
  { additionalProperties: false, description: "A child's header: the 903 Header fields plus the identifiers partners use." },
)
export type ChildHeaderBody = Static<typeof ChildHeaderBody>

const EpisodeBody = Type.Object(
  {
    startDate: IsoDate,
    reasonNewEpisode: Code('RNE: S, P, L, T, U or B.', ['S']),
    legalStatus: Code('LS, e.g. C2, V2.', ['C2']),
    categoryOfNeed: Code('CIN: N1-N8.', ['N1']),
    placementType: Code('PLACE, e.g. U4.', ['U4']),
    placementProvider: OptionalText(Code('PLACE_PROVIDER: PR0-PR5 (none for T0-T4 and Z placements).', ['PR1'])),
    endDate: Type.Optional(Nullable(IsoDate)),
    reasonEnded: OptionalText(Code('REC, e.g. X1, E4A.', ['X1'])),
    reasonPlaceChange: OptionalText(Text(8, { description: 'REASON_PLACE_CHANGE, on the ceasing episode.', examples: ['CARPL'] })),
    homePostcode: OptionalText(Text(10, { examples: ['S60 2TH'] })),
    placementPostcode: OptionalText(Text(10, { examples: ['S65 1AA'] })),
    urn: OptionalText(Text(10, { description: 'Ofsted URN of the placement.', examples: ['SC123456'] })),
    placementLa: OptionalText(Type.String({ pattern: '^([0-9]{3}|SCO|WAL|NIR)$', description: 'Authority the placement is in, where known.' })),
    placementDistance: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 9999, description: 'Miles from home, where known.' }))),
  },
  { additionalProperties: false, description: 'One SSDA903 episode.' },
)
type EpisodeBody = Static<typeof EpisodeBody>

export const EpisodesBody = Type.Object(
  { episodes: Type.Array(EpisodeBody, { maxItems: 2000, description: "The child's whole episode list; it replaces what is stored." }) },
  { additionalProperties: false },
)

export const FindingSchema = Type.Object(
  {
    rule: Type.String({ description: 'The DfE 903 rule number where one exists.' }),
    severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
    episodeIndex: Nullable(Type.Integer({ description: 'Index in the submitted list.' })),
    fields: Type.Array(Type.String()),
    message: Type.String(),
  },
  { $id: 'Finding', additionalProperties: false },
)

export const Child = Type.Object(
  {
    childId: Type.String(),
    sex: Type.String(),
    dateOfBirth: Type.String({ format: 'date' }),
    ethnicity: Type.String(),
    upn: Nullable(Type.String()),
    nhsNumber: Nullable(Type.String()),
    uasc: Type.Boolean(),
    uascCeasedOn: Nullable(Type.String({ format: 'date' })),
    current: Type.Object(
      {
        inCare: Type.Boolean({ description: 'Looked after now (short breaks V3/V4 are not).' }),
        legalStatus: Nullable(Type.String()),
        placementType: Nullable(Type.String()),
        placementProvider: Nullable(Type.String()),
        carePeriodStart: Nullable(Type.String({ format: 'date' })),
        placementStart: Nullable(Type.String({ format: 'date' })),
      },
      { additionalProperties: false, description: "The child's state on their latest episode." },
    ),
  },
  { $id: 'Child', additionalProperties: false },
)
export type Child = Static<typeof Child>

export const StoredEpisode = Type.Object(
  {
    index: Type.Integer({ description: 'Chronological position.' }),
    startDate: Type.String({ format: 'date' }),
    reasonNewEpisode: Type.String(),
    legalStatus: Type.String(),
    categoryOfNeed: Type.String(),
    placementType: Type.String(),
    placementProvider: Nullable(Type.String()),
    endDate: Nullable(Type.String({ format: 'date' })),
    reasonEnded: Nullable(Type.String()),
    reasonPlaceChange: Nullable(Type.String()),
    homePostcode: Nullable(Type.String()),
    placementPostcode: Nullable(Type.String()),
    urn: Nullable(Type.String()),
    placementLa: Nullable(Type.String()),
    placementDistance: Nullable(Type.Number()),
    carePeriod: Type.Integer({ description: 'Which period of care (0-based).' }),
    placement: Nullable(Type.Integer({ description: 'Which placement (0-based); null for a temporary episode outside one.' })),
    isMove: Type.Boolean({ description: 'Starts a new placement (a move, 5a).' }),
    isTemporary: Type.Boolean(),
    shortBreak: Type.Boolean(),
  },
  { $id: 'Episode', additionalProperties: false },
)

export const CarePeriod = Type.Object(
  {
    index: Type.Integer(),
    startDate: Type.String({ format: 'date', description: 'Admission date.' }),
    endDate: Nullable(Type.String({ format: 'date', description: 'Cessation date.' })),
    reasonEnded: Nullable(Type.String({ description: 'REC of the cessation.' })),
    categoryOfNeed: Type.String(),
    legalStatusAtEntry: Type.String(),
    placementTypeAtEntry: Type.String(),
    shortBreakOnly: Type.Boolean(),
  },
  { $id: 'CarePeriod', additionalProperties: false },
)

export const Placement = Type.Object(
  {
    index: Type.Integer(),
    carePeriod: Type.Integer(),
    startDate: Type.String({ format: 'date' }),
    endDate: Nullable(Type.String({ format: 'date' })),
    placementType: Type.String(),
    placementProvider: Nullable(Type.String()),
    urn: Nullable(Type.String()),
    placementPostcode: Nullable(Type.String()),
    temporaryEpisodes: Type.Integer({ description: 'Temporary placements (T0-T4) inside this placement.' }),
  },
  { $id: 'Placement', additionalProperties: false },
)

export const CareHistoryResponse = Type.Object(
  {
    childId: Type.String(),
    episodes: Type.Array(Type.Ref(StoredEpisode)),
    carePeriods: Type.Array(Type.Ref(CarePeriod)),
    placements: Type.Array(Type.Ref(Placement)),
    warnings: Type.Array(Type.Ref(FindingSchema)),
  },
  { additionalProperties: false },
)

const AGE_BANDS = ['under-1', '1-4', '5-9', '10-15', '16-17', '18+'] as const

export const ChildListQuery = Type.Object(
  {
    inCareAt: Type.Optional(DateParam('Only children in care on this date (5a).')),
    ageBand: Type.Optional(
      Type.Union(
        AGE_BANDS.map((b) => Type.Literal(b)),
        { description: 'Age band on inCareAt (or today).' },
      ),
    ),
    uasc: Type.Optional(Type.Boolean()),
    placementType: Type.Optional(Text(4, { description: 'Placement type on inCareAt (or now).' })),
    placementProvider: Type.Optional(Text(4, { description: 'Provider on inCareAt (or now).' })),
    ...PageQuery,
  },
  { additionalProperties: false },
)
export type ChildListQuery = Static<typeof ChildListQuery>

export const ChildList = Type.Object({ items: Type.Array(Type.Ref(Child)), ...PageInfo }, { additionalProperties: false })

/** A child's other 903 tables as stored (GET .../children/{childId}/ssda903). */
export const ChildSsda903 = Type.Object(
  {
    childId: ChildId,
    mother: Nullable(Type.Boolean({ description: 'MOTHER: the child is a mother (null: not known).' })),
    motherChildDateOfBirth: Nullable({ ...IsoDate, description: "MC_DOB: the date of birth of the mother's child." }),
    reviews: Type.Array(Type.Required(Ssda903Review)),
    missingEpisodes: Type.Array(Type.Required(Ssda903MissingEpisode)),
    oc2: Type.Array(
      Type.Required(
        Type.Object({
          source: Type.Literal('integration', { description: 'Who gave the row: the integration (903 return or JSON snapshot).' }),
          ...Ssda903Oc2.properties,
        }),
      ),
      { description: 'OC2 as each source gave it: one row per source.' },
    ),
    oc3: Type.Array(Type.Required(Ssda903Oc3), {
      description: "OC3 as the integration's 903 return sent it, a row per collection year (the care leaver contacts are at .../care-leaver).",
    }),
    adoption: Nullable(Type.Required(Ssda903Adoption)),
    placedForAdoption: Type.Array(Type.Required(Ssda903PlacedForAdoption)),
    previousPermanence: Nullable(
      Type.Object({
        previousPermanence: Ssda903PreviousPermanence.properties.previousPermanence,
        permanenceLa: Ssda903PreviousPermanence.properties.permanenceLa,
        permanenceDate: Nullable({ ...IsoDate, description: 'DATE_PERM, or with ZZ parts the latest it can be (null when its year is unknown).' }),
        permanenceDateAsSent: Nullable(Type.String({ description: "DATE_PERM with ZZ parts as sent ('ZZ/05/2020'); null for an exact date." })),
      }),
    ),
    socialWorkerEpisodes: Type.Array(Type.Required(Ssda903SocialWorkerEpisode)),
  },
  { additionalProperties: false },
)
export type ChildSsda903 = Static<typeof ChildSsda903>
