/**
 * The SSDA903 tables: their columns verbatim from the DfE validator's config (domain doc 2.1), the
 * file names the CSV set uses, the camelCase name of each column, and how an uploaded file is matched
 * to its table (by name, else by its header row).
 */

export type TableName = 'Header' | 'Episodes' | 'Reviews' | 'UASC' | 'OC2' | 'OC3' | 'AD1' | 'PlacedAdoption' | 'PrevPerm' | 'Missing' | 'SWEpisodes'

export interface TableDefinition {
  name: TableName
  /** The CSV file name in the DfE set, lower case. */
  fileName: string
  /** The 903 columns, verbatim and in the DfE order. */
  columns: readonly string[]
  /**
   * Columns a file may leave out. Only columns the service does not read are optional: a file
   * without a column it reads (say DEC) would otherwise read as blanks (every episode open).
   */
  optional: readonly string[]
  /** Columns the service also reads that are not in the DfE table (accepted without a warning). */
  extra: readonly string[]
  /**
   * Whether the table's rows become service data. Problems in them are errors that reject the child;
   * problems in the other tables (read and reported, not stored) are warnings. Every table is stored
   * now (issue #16); the flag stays for a table the service may read before it holds it.
   */
  stored: boolean
  /** At most one row per child. */
  onePerChild: boolean
}

const table = (
  name: TableName,
  fileName: string,
  columns: readonly string[],
  options: { optional?: readonly string[]; extra?: readonly string[]; stored: boolean; onePerChild: boolean },
): TableDefinition =>
  Object.freeze({
    name,
    fileName,
    columns: Object.freeze([...columns]),
    optional: Object.freeze([...(options.optional ?? [])]),
    extra: Object.freeze([...(options.extra ?? [])]),
    stored: options.stored,
    onePerChild: options.onePerChild,
  })

/** Every table, in the order the DfE lists them (Header first: other rows need the child's header). */
export const TABLES: Readonly<Record<TableName, TableDefinition>> = Object.freeze({
  // NHS_NUMBER is the service's own extension (the 903 carries none); UASC/UASC_STATUS and DUC are
  // how the XML return (and the 2024-25 header) carry the UASC flag and the date it ceased.
  Header: table('Header', 'header.csv', ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'], {
    optional: ['MOTHER', 'MC_DOB'],
    extra: ['NHS_NUMBER', 'UASC', 'UASC_STATUS', 'DUC'],
    stored: true,
    onePerChild: true,
  }),
  Episodes: table(
    'Episodes',
    'episodes.csv',
    ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'],
    { stored: true, onePerChild: false },
  ),
  Reviews: table('Reviews', 'reviews.csv', ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'], {
    optional: ['DOB'],
    stored: true,
    onePerChild: false,
  }),
  UASC: table('UASC', 'uasc.csv', ['CHILD', 'SEX', 'DOB', 'DUC'], { optional: ['SEX', 'DOB'], stored: true, onePerChild: true }),
  OC2: table(
    'OC2',
    'oc2.csv',
    [
      'CHILD',
      'DOB',
      'SDQ_SCORE',
      'SDQ_REASON',
      'CONVICTED',
      'HEALTH_CHECK',
      'IMMUNISATIONS',
      'TEETH_CHECK',
      'HEALTH_ASSESSMENT',
      'SUBSTANCE_MISUSE',
      'INTERVENTION_RECEIVED',
      'INTERVENTION_OFFERED',
    ],
    { optional: ['DOB'], stored: true, onePerChild: true },
  ),
  OC3: table('OC3', 'oc3.csv', ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'], { optional: ['DOB'], stored: true, onePerChild: true }),
  AD1: table('AD1', 'ad1.csv', ['CHILD', 'DOB', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'], {
    optional: ['DOB'],
    stored: true,
    onePerChild: true,
  }),
  PlacedAdoption: table('PlacedAdoption', 'placed_for_adoption.csv', ['CHILD', 'DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'], {
    optional: ['DOB'],
    stored: true,
    onePerChild: false,
  }),
  // LA_PERM is usually blank (domain doc 2.1).
  PrevPerm: table('PrevPerm', 'previous_permanence.csv', ['CHILD', 'DOB', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'], {
    optional: ['DOB', 'LA_PERM'],
    stored: true,
    onePerChild: true,
  }),
  Missing: table('Missing', 'missing.csv', ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'], {
    optional: ['DOB'],
    stored: true,
    onePerChild: false,
  }),
  SWEpisodes: table('SWEpisodes', 'sw_episodes.csv', ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'], {
    optional: ['DOB'],
    stored: true,
    onePerChild: false,
  }),
})

export const tableNames: readonly TableName[] = Object.freeze(Object.keys(TABLES) as TableName[])

/**
 * The camelCase name of each 903 column, as the service's types and findings name it. A column means
 * the same in every table it appears in, except the dates of the child-level tables below.
 */
const COMMON_FIELDS: Readonly<Record<string, string>> = {
  CHILD: 'childId',
  SEX: 'sex',
  DOB: 'dateOfBirth',
  ETHNIC: 'ethnicity',
  UPN: 'upn',
  MOTHER: 'mother',
  MC_DOB: 'motherChildDateOfBirth',
  NHS_NUMBER: 'nhsNumber',
  UASC: 'uasc',
  UASC_STATUS: 'uasc',
  DUC: 'uascCeasedOn',
  DECOM: 'startDate',
  RNE: 'reasonNewEpisode',
  LS: 'legalStatus',
  CIN: 'categoryOfNeed',
  PLACE: 'placementType',
  PLACE_PROVIDER: 'placementProvider',
  DEC: 'endDate',
  REC: 'reasonEnded',
  REASON_PLACE_CHANGE: 'reasonPlaceChange',
  HOME_POST: 'homePostcode',
  PL_POST: 'placementPostcode',
  URN: 'urn',
  REVIEW: 'reviewDate',
  REVIEW_CODE: 'reviewCode',
  SDQ_SCORE: 'sdqScore',
  SDQ_REASON: 'sdqReason',
  CONVICTED: 'convicted',
  HEALTH_CHECK: 'healthCheck',
  IMMUNISATIONS: 'immunisations',
  TEETH_CHECK: 'teethCheck',
  HEALTH_ASSESSMENT: 'healthAssessment',
  SUBSTANCE_MISUSE: 'substanceMisuse',
  INTERVENTION_RECEIVED: 'interventionReceived',
  INTERVENTION_OFFERED: 'interventionOffered',
  IN_TOUCH: 'inTouch',
  ACTIV: 'activity',
  ACCOM: 'accommodation',
  DATE_INT: 'dateShouldBePlaced',
  DATE_MATCH: 'dateMatched',
  FOSTER_CARE: 'fosterCare',
  NB_ADOPTR: 'numberOfAdopters',
  SEX_ADOPTR: 'adopterSex',
  LS_ADOPTR: 'adopterLegalStatus',
  DATE_PLACED: 'datePlaced',
  DATE_PLACED_CEASED: 'datePlacedCeased',
  REASON_PLACED_CEASED: 'reasonPlacedCeased',
  PREV_PERM: 'previousPermanence',
  LA_PERM: 'permanenceLa',
  DATE_PERM: 'permanenceDate',
  MISSING: 'missingType',
  MIS_START: 'startDate',
  MIS_END: 'endDate',
  SW_ID: 'socialWorkerId',
  SW_DECOM: 'startDate',
  SW_DEC: 'endDate',
  SW_REASON: 'reason',
}

/** camelCase name of a 903 column ('DECOM' -> 'startDate'); unknown columns give themselves. */
export function fieldName(column: string): string {
  return COMMON_FIELDS[column] ?? column
}

/** Columns as findings name them: each 903 column, then its camelCase name (when it has one). */
export function findingFields(columns: readonly string[]): string[] {
  const out: string[] = []
  for (const c of columns) {
    out.push(c)
    const f = fieldName(c)
    if (f !== c) out.push(f)
  }
  return out
}

/** The Episodes column of each Episode field, for turning care-history findings into row findings. */
export const EPISODE_COLUMNS: Readonly<Record<string, string>> = Object.freeze({
  startDate: 'DECOM',
  reasonNewEpisode: 'RNE',
  legalStatus: 'LS',
  categoryOfNeed: 'CIN',
  placementType: 'PLACE',
  placementProvider: 'PLACE_PROVIDER',
  endDate: 'DEC',
  reasonEnded: 'REC',
  reasonPlaceChange: 'REASON_PLACE_CHANGE',
  homePostcode: 'HOME_POST',
  placementPostcode: 'PL_POST',
  urn: 'URN',
})

/** The Header column of each ChildHeader field. */
export const HEADER_COLUMNS: Readonly<Record<string, string>> = Object.freeze({
  childId: 'CHILD',
  sex: 'SEX',
  dateOfBirth: 'DOB',
  ethnicity: 'ETHNIC',
  upn: 'UPN',
  nhsNumber: 'NHS_NUMBER',
  uasc: 'UASC',
  uascCeasedOn: 'DUC',
})

/** Upper-case, trimmed: the form header cells are compared in. */
export function normaliseColumn(name: string): string {
  return name.trim().toUpperCase()
}

const BY_FILE_NAME: ReadonlyMap<string, TableName> = new Map(tableNames.map((t) => [TABLES[t].fileName, t]))

/** The table a file name stands for ('Episodes.CSV', 'uploads/header.csv'), or null. */
export function tableForFileName(name: string): TableName | null {
  const base = name.trim().split(/[\\/]/).pop() ?? ''
  return BY_FILE_NAME.get(base.toLowerCase()) ?? null
}

/** Columns of the table a file must have. */
export function requiredColumns(t: TableName): string[] {
  const def = TABLES[t]
  return def.columns.filter((c) => !def.optional.includes(c))
}

/**
 * The table whose columns a header row shows, for files whose name is not one of the DfE's. A table
 * qualifies when the row has all its required columns; among those, the best is the one the row
 * fits most closely (known columns present, minus columns the table does not have). Null when no
 * table qualifies or two fit equally well.
 */
export function tableForColumns(header: readonly string[]): TableName | null {
  const cols = new Set(header.map(normaliseColumn))
  let best: TableName | null = null
  let bestScore = -Infinity
  let tie = false
  for (const t of tableNames) {
    const def = TABLES[t]
    if (!requiredColumns(t).every((c) => cols.has(c))) continue
    const known = new Set([...def.columns, ...def.extra])
    let score = 0
    for (const c of cols) score += known.has(c) ? 1 : -1
    if (score > bestScore) {
      best = t
      bestScore = score
      tie = false
    } else if (score === bestScore) {
      tie = true
    }
  }
  return tie ? null : best
}

/** The table a file holds: by its name first, else by its header row. */
export function recogniseTable(fileName: string, header: readonly string[]): TableName | null {
  return tableForFileName(fileName) ?? tableForColumns(header)
}
