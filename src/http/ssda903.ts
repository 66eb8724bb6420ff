import { Type, type TSchema } from '@sinclair/typebox'
import { allCodes } from '../domain/code-lists/index.ts'
import {
  ADOPTER_LEGAL_STATUS_CODES,
  ADOPTER_SEX_CODES,
  NUMBER_OF_ADOPTERS_CODES,
  PLACED_CEASED_REASONS,
  PREVIOUS_PERMANENCE_CODES,
  SOCIAL_WORKER_CHANGE_REASONS,
} from '../domain/ssda903/codes.ts'
import { IsoDate, Nullable, Text } from './schemas.ts'

/**
 * The 903 return's child-level tables beyond episodes, in the API's camelCase: one shape for what a
 * JSON snapshot sends (src/modules/imports) and what a child's read answers (src/modules/children).
 * Sent, codes and dates are checked by the schema: a wrong one is a 400 naming the field.
 */

const codes = (list: Iterable<string>, description: string) =>
  Type.Union(
    [...list].map((c) => Type.Literal(c)),
    { description },
  )
const opt = <T extends TSchema>(schema: T) => Type.Optional(Nullable(schema))
const Flag = (description: string) => opt(Type.Boolean({ description }))

export const Ssda903Review = Type.Object(
  {
    reviewDate: { ...IsoDate, description: 'REVIEW: the date of the looked-after review.' },
    reviewCode: codes(
      allCodes('reviewCode').map((c) => c.code),
      'REVIEW_CODE: how the child took part, PN0-PN7.',
    ),
  },
  { additionalProperties: false },
)

export const Ssda903MissingEpisode = Type.Object(
  {
    missingType: codes(
      allCodes('missingType').map((c) => c.code),
      'MISSING: M missing, A away from placement without authorisation.',
    ),
    startDate: { ...IsoDate, description: 'MIS_START' },
    endDate: opt({ ...IsoDate, description: 'MIS_END; null while the child is still missing or away.' }),
  },
  { additionalProperties: false },
)

export const Ssda903Oc2 = Type.Object(
  {
    sdqScore: opt(Type.Integer({ minimum: 0, maximum: 40, description: 'SDQ_SCORE 0-40.' })),
    sdqReason: opt(
      codes(
        allCodes('sdqReason').map((c) => c.code),
        'SDQ_REASON SDQ1-SDQ5: why there is no score.',
      ),
    ),
    convicted: Flag('CONVICTED'),
    healthCheck: Flag('HEALTH_CHECK: health promotion and development assessments up to date (under 5s).'),
    immunisations: Flag('IMMUNISATIONS up to date.'),
    teethCheck: Flag('TEETH_CHECK up to date.'),
    healthAssessment: Flag('HEALTH_ASSESSMENT up to date.'),
    substanceMisuse: Flag('SUBSTANCE_MISUSE: a substance misuse problem identified.'),
    interventionReceived: Flag('INTERVENTION_RECEIVED for substance misuse.'),
    interventionOffered: Flag('INTERVENTION_OFFERED for substance misuse.'),
  },
  { additionalProperties: false, description: 'OC2: outcomes of a child looked after 12 months at 31 March.' },
)

export const Ssda903Oc3 = Type.Object(
  {
    year: Type.Integer({ description: 'The collection year the row was returned for, named by the 31 March it ends on (2025 is 2024-25).' }),
    inTouch: opt(
      codes(
        allCodes('inTouch').map((c) => c.code),
        'IN_TOUCH: YES, NO, DIED, REFU, NREQ or RHOM.',
      ),
    ),
    activity: opt(
      codes(
        allCodes('activity').map((c) => c.code),
        'ACTIV: F1-P5, G4-G6, or 0 (not known).',
      ),
    ),
    accommodation: opt(
      codes(
        allCodes('accommodation').map((c) => c.code),
        'ACCOM: type letter and 1 (suitable) or 2, or 0 (no information).',
      ),
    ),
  },
  { additionalProperties: false, description: "OC3 as the integration's 903 return sent it for one year." },
)

export const Ssda903Adoption = Type.Object(
  {
    dateShouldBePlaced: opt({ ...IsoDate, description: 'DATE_INT: the decision that the child should be placed for adoption.' }),
    dateMatched: opt({ ...IsoDate, description: 'DATE_MATCH' }),
    fosterCare: Flag('FOSTER_CARE: adopted by former foster carer(s).'),
    numberOfAdopters: opt(codes(NUMBER_OF_ADOPTERS_CODES, 'NB_ADOPTR: 1 or 2.')),
    adopterSex: opt(codes(ADOPTER_SEX_CODES, 'SEX_ADOPTR: M1, F1, MM, FF or MF.')),
    adopterLegalStatus: opt(codes(ADOPTER_LEGAL_STATUS_CODES, 'LS_ADOPTR: L0, L11, L12, L2, L3 or L4.')),
  },
  { additionalProperties: false, description: 'AD1: the adoption of a child adopted in the year.' },
)

export const Ssda903PlacedForAdoption = Type.Object(
  {
    datePlaced: opt({ ...IsoDate, description: 'DATE_PLACED: the decision that the child should be placed for adoption.' }),
    datePlacedCeased: opt({ ...IsoDate, description: 'DATE_PLACED_CEASED: the decision that the child should no longer be.' }),
    reasonPlacedCeased: opt(codes(PLACED_CEASED_REASONS, 'REASON_PLACED_CEASED: RD1-RD4.')),
  },
  { additionalProperties: false },
)

/** DATE_PERM: a date, or the 903 form with ZZ for an unknown day or month and ZZZZ for an unknown year. */
const PERMANENCE_DATE = '^([0-9]{4}-[0-9]{2}-[0-9]{2}|([0-9]{2}|ZZ)/([0-9]{2}|ZZ)/([0-9]{4}|ZZZZ))$'

export const Ssda903PreviousPermanence = Type.Object(
  {
    previousPermanence: opt(codes(PREVIOUS_PERMANENCE_CODES, 'PREV_PERM: P1-P4, or Z1 (none).')),
    permanenceLa: opt(Text(100, { description: 'LA_PERM, as given (usually blank).' })),
    permanenceDate: opt(
      Type.String({
        pattern: PERMANENCE_DATE,
        description: "DATE_PERM: YYYY-MM-DD, or DD/MM/YYYY with ZZ for an unknown day or month and ZZZZ for an unknown year ('ZZ/05/2020').",
        examples: ['2020-05-12', 'ZZ/05/2020'],
      }),
    ),
  },
  { additionalProperties: false },
)

export const Ssda903SocialWorkerEpisode = Type.Object(
  {
    socialWorkerId: opt(Text(100, { description: 'SW_ID: begins SW or XX.' })),
    startDate: opt({ ...IsoDate, description: 'SW_DECOM' }),
    endDate: opt({ ...IsoDate, description: 'SW_DEC; null while the worker is the child’s.' }),
    reason: opt(codes(SOCIAL_WORKER_CHANGE_REASONS, 'SW_REASON: why the worker changed.')),
  },
  { additionalProperties: false },
)

const list = <T extends TSchema>(item: T, what: string) =>
  Type.Optional(Type.Array(item, { maxItems: 5000, description: `${what}. Sent (even empty), the child's whole list; left out, what is stored stays.` }))
const one = <T extends TSchema>(item: T, what: string) =>
  Type.Optional(Nullable({ ...item, description: `${what}. Sent (null for none), the child's row; left out, what is stored stays.` }))

/** The fields a JSON snapshot's child may carry beside its header and episodes. */
export const Ssda903ChildTables = {
  mother: Type.Optional(
    Nullable(Type.Boolean({ description: 'MOTHER: the child is a mother. With motherChildDateOfBirth; both left out keep what is stored.' })),
  ),
  motherChildDateOfBirth: opt({ ...IsoDate, description: "MC_DOB: the date of birth of the mother's child." }),
  reviews: list(Ssda903Review, 'Reviews'),
  missingEpisodes: list(Ssda903MissingEpisode, 'Missing episodes'),
  oc2: one(Ssda903Oc2, 'OC2'),
  oc3: one(
    Type.Omit(Ssda903Oc3, ['year'], { additionalProperties: false }),
    "OC3, the row for the import's collection year (?year=, default the year containing today), as the 903 import's OC3 file",
  ),
  adoption: one(Ssda903Adoption, 'AD1'),
  placedForAdoption: list(Ssda903PlacedForAdoption, 'Placed for adoption'),
  previousPermanence: one(Ssda903PreviousPermanence, 'Previous permanence'),
  socialWorkerEpisodes: list(Ssda903SocialWorkerEpisode, 'Social worker episodes'),
}
