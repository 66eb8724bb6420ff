/**
 * What reading a 903 return gives: each child's header and episodes in the care-history shapes, and
 * the rows of the return's other tables (reviews, missing, OC2, OC3, AD1, placed for adoption,
 * previous permanence, social worker episodes); plus row-level findings in the DfE validator's shape.
 */
import type { Finding } from '../findings.ts'
import type { ChildHeader, Episode } from '../care-history/types.ts'
import type { TableName } from './tables.ts'

/**
 * One problem found while reading, in the DfE validator's shape.
 *
 * rowNumber: for a CSV file, the line the row is on, counting the column header line as row 1 (so the
 * first data row is row 2: the row number a spreadsheet shows, blank lines counted). For the XML
 * return, the record's position among that table's records in document order, from 1 (the Header
 * record of the third <CHILD> is row 3; a child's reviews are numbered with everyone else's).
 * Null for a finding about a whole file.
 */
export interface RowFinding extends Omit<Finding, 'table'> {
  /** Null when the file's table is not known. */
  table: TableName | null
  /** The file as it was named in the upload. */
  file: string
}

/** The service codes (rules without a DfE number) the parser reports. */
export type ParseRule =
  /** A file whose table is not known (by name or columns). File-level, fatal. */
  | 'FILE-UNKNOWN'
  /** Two files for one table. File-level, fatal. */
  | 'FILE-DUPLICATE'
  /** Not CSV or XML the parser can read (unclosed quote, malformed XML, wrong root, gzip cut short). File-level, fatal. */
  | 'FILE-UNREADABLE'
  /** A row with more or fewer cells than the header. File-level, fatal. */
  | 'FILE-DAMAGED'
  /** The last line is cut off (no final line break, and short or not vouched for by a manifest). File-level, fatal. */
  | 'FILE-TRUNCATED'
  /** A column named twice in the header. File-level, fatal. */
  | 'COLUMN-DUPLICATE'
  /** The upload disagrees with its manifest (rows, sha256, files). File-level, fatal. */
  | 'MANIFEST'
  /** Rows for children but no Header table. File-level, fatal. */
  | 'NO-HEADER-FILE'
  /** A column the service reads is missing: the file is not read. File-level, fatal. */
  | 'COLUMN-MISSING'
  /** Columns the service does not know: ignored, one warning per file. */
  | 'COLUMN-UNKNOWN'
  /** A row without CHILD. */
  | 'CHILD-MISSING'
  /** A CHILD the service cannot use as an id (1-40 of A-Z a-z 0-9 . _ -). */
  | 'CHILD-ID'
  /** A second Header row for one CHILD (the first is kept). */
  | 'CHILD-DUPLICATE'
  /** A child-level row whose CHILD has no Header row. */
  | 'NO-HEADER'
  /** A second row for a child in a table that has one per child (the first is kept). */
  | 'ROW-DUPLICATE'
  /** A UASC flag in the header that is not 0 or 1. */
  | 'UASC-FLAG'
  /** Text longer than the service stores (LA_PERM, SW_ID: 100 characters). */
  | 'TEXT-TOO-LONG'

/** OC2: children looked after continuously for 12 months at 31 March (domain doc 3.3). */
export interface Oc2Facts {
  /** SDQ_SCORE 0-40. */
  sdqScore: number | null
  /** SDQ_REASON SDQ1-SDQ5: why there is no score. */
  sdqReason: string | null
  /** CONVICTED */
  convicted: boolean | null
  /** HEALTH_CHECK: health promotion / development assessments up to date (under-5s). */
  healthCheck: boolean | null
  /** IMMUNISATIONS up to date. */
  immunisations: boolean | null
  /** TEETH_CHECK up to date. */
  teethCheck: boolean | null
  /** HEALTH_ASSESSMENT up to date. */
  healthAssessment: boolean | null
  /** SUBSTANCE_MISUSE problem identified. */
  substanceMisuse: boolean | null
  /** INTERVENTION_RECEIVED for substance misuse. */
  interventionReceived: boolean | null
  /** INTERVENTION_OFFERED for substance misuse. */
  interventionOffered: boolean | null
}

/** OC3: care leavers, contact around the 17th-21st birthdays (domain doc 3.4). */
export interface Oc3Facts {
  /** IN_TOUCH: YES, NO, DIED, REFU, NREQ, RHOM. */
  inTouch: string | null
  /** ACTIV: F1 ... G6, or '0' (not known). */
  activity: string | null
  /** ACCOM as the 903 writes it: type letter and suitability digit ('U1'), or '0' (no information). */
  accommodation: string | null
  /** The letter of ACCOM (null for '0' or blank). */
  accommodationType: string | null
  /** The digit of ACCOM: 1 suitable (true), 2 not suitable (false); null for '0' or blank. */
  accommodationSuitable: boolean | null
}

export interface Oc2Record extends Oc2Facts {
  rowNumber: number
}

export interface Oc3Record extends Oc3Facts {
  rowNumber: number
}

/** Reviews: a looked-after review and how the child took part. */
export interface ReviewRecord {
  rowNumber: number
  /** REVIEW */
  reviewDate: string
  /** REVIEW_CODE PN0-PN7 */
  reviewCode: string
}

/** Missing: a missing or away-from-placement episode. */
export interface MissingRecord {
  rowNumber: number
  /** MISSING: M (missing) or A (away without authorisation). */
  missingType: string
  /** MIS_START */
  startDate: string
  /** MIS_END, null while open. */
  endDate: string | null
}

/** AD1. */
export interface Ad1Record {
  rowNumber: number
  /** DATE_INT: date of the decision the child should be placed for adoption. */
  dateShouldBePlaced: string | null
  /** DATE_MATCH */
  dateMatched: string | null
  /** FOSTER_CARE: adopted by former foster carer(s). */
  fosterCare: boolean | null
  /** NB_ADOPTR: 1 or 2. */
  numberOfAdopters: string | null
  /** SEX_ADOPTR: M1 F1 MM FF MF. */
  adopterSex: string | null
  /** LS_ADOPTR: L0 L11 L12 L2 L3 L4. */
  adopterLegalStatus: string | null
}

/** PlacedAdoption. */
export interface PlacedAdoptionRecord {
  rowNumber: number
  /** DATE_PLACED: date of the decision the child should be placed for adoption. */
  datePlaced: string | null
  /** DATE_PLACED_CEASED: date of the decision the child should no longer be. */
  datePlacedCeased: string | null
  /** REASON_PLACED_CEASED: RD1-RD4. */
  reasonPlacedCeased: string | null
}

/** PrevPerm. */
export interface PrevPermRecord {
  rowNumber: number
  /** PREV_PERM: P1-P4, Z1. */
  previousPermanence: string | null
  /** LA_PERM, as given. */
  permanenceLa: string | null
  /** DATE_PERM; with ZZ parts, the latest it can be (see parsePermanenceDate). */
  permanenceDate: string | null
  /** True when DATE_PERM had ZZ parts. */
  permanenceDateApproximate: boolean
  /** DATE_PERM with ZZ parts as the 903 writes it ('ZZ/05/2020'); null for an exact date or none. */
  permanenceDateAsSent: string | null
}

/** SWEpisodes. */
export interface SocialWorkerEpisodeRecord {
  rowNumber: number
  /** SW_ID */
  socialWorkerId: string | null
  /** SW_DECOM */
  startDate: string | null
  /** SW_DEC */
  endDate: string | null
  /** SW_REASON */
  reason: string | null
}

/** One child's rows. Rows that could not be read are left out (each has an error finding). */
export interface Child903 {
  childId: string
  header: ChildHeader
  /** The Header row the child came from. */
  headerRow: number
  /**
   * True when any error finding names this child: the importer skips the child's rows (and leaves
   * what it has stored for them alone). The rows that could be read are still here.
   */
  rejected: boolean
  /** In file order. */
  episodes: Episode[]
  /** episodeRows[i] is the row episodes[i] came from (for findings about episodes). */
  episodeRows: number[]
  /** The UASC row that set header.uasc / uascCeasedOn, if any. */
  uascRow: number | null
  /** Header MOTHER: 1 the child is a mother (true), 0 not (false); null when blank. */
  mother: boolean | null
  /** Header MC_DOB: the date of birth of the mother's child. */
  motherChildDateOfBirth: string | null
  oc2: Oc2Record | null
  oc3: Oc3Record | null
  reviews: ReviewRecord[]
  missing: MissingRecord[]
  adoption: Ad1Record | null
  placedForAdoption: PlacedAdoptionRecord[]
  previousPermanence: PrevPermRecord | null
  socialWorkerEpisodes: SocialWorkerEpisodeRecord[]
}

export interface Parsed903 {
  format: 'csv' | 'xml'
  /** Children whose Header row could be read, in file order. */
  children: Map<string, Child903>
  /**
   * Every CHILD with an error finding: the rejected children above, plus ids whose Header row could
   * not be read and ids with rows but no Header row. The importer should neither write nor delete
   * anything for them.
   */
  rejectedChildIds: Set<string>
  findings: RowFinding[]
  /**
   * True when a file-level error (unknown, duplicate, unreadable file; missing columns; no header)
   * means the set cannot be trusted as a snapshot: the importer should fail the run.
   */
  fatal: boolean
  /** The tables the upload held (an XML return holds every table it can carry). */
  tables: TableName[]
  /** Data rows read per table (blank rows not counted). */
  rowsRead: Partial<Record<TableName, number>>
  /**
   * Header facts the upload actually carried. The 903 has no NHS number: when nhsNumber is false,
   * header.nhsNumber is null because nothing was said, not because the number is gone. Likewise uasc
   * is false when neither a UASC table nor a UASC column was sent.
   */
  supplied: { nhsNumber: boolean; uasc: boolean; mother: boolean }
}
