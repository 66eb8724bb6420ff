/**
 * Rows of 903 tables -> children with typed records and row-level findings. The CSV and XML readers
 * both turn their input into RawTables (cells by column) and share this step, so both formats are
 * read by the same rules. One pass per table, with the children in a Map: no lookup is quadratic.
 *
 * What is a finding here is what stops a row being read: a missing or unknown child, a repeated row,
 * a date that is not a date, a number, flag or code of the other tables that is not one. Header and
 * Episodes values are only normalised (codes upper-cased, postcodes spaced, blanks null): their code
 * lists, identifiers (UPN, NHS number, postcodes, URN) and the rules across a child's episodes are
 * the care-history checks' job (checkChildHeader, checkCareHistory), which the importer runs on every
 * source; episodeFindingToRow turns their findings into row findings.
 */
import type { ChildHeader, Episode, ChildFinding } from '../care-history/types.ts'
import { normaliseCode } from '../code-lists/index.ts'
import { isChildId, normaliseNhsNumber, normalisePostcode } from '../identifiers.ts'
import { quoted } from '../quoted.ts'
import {
  ACCOMMODATION_CODES,
  ACTIVITY_CODES,
  ADOPTER_LEGAL_STATUS_CODES,
  ADOPTER_SEX_CODES,
  FOSTER_CARE_CODES,
  IN_TOUCH_CODES,
  MISSING_TYPES,
  NUMBER_OF_ADOPTERS_CODES,
  PLACED_CEASED_REASONS,
  PREVIOUS_PERMANENCE_CODES,
  REVIEW_CODES,
  SDQ_REASONS,
  SOCIAL_WORKER_CHANGE_REASONS,
} from './codes.ts'
import { splitAccommodation } from '../care-leavers/oc3.ts'
import { parse903Date, parsePermanenceDate } from './dates.ts'
import { EPISODE_COLUMNS, findingFields, HEADER_COLUMNS, TABLES, tableNames } from './tables.ts'
import type { TableName } from './tables.ts'
import type { Child903, Oc2Facts, Parsed903, RowFinding } from './types.ts'

/**
 * A table as a reader found it: upper-cased column names, then the data rows (cells in column order)
 * and, in step with them, each row's number (see RowFinding). Parallel arrays keep a million rows
 * cheap to hold.
 */
export interface RawTable {
  table: TableName
  file: string
  columns: readonly string[]
  rows: ReadonlyArray<readonly string[]>
  rowNumbers: readonly number[]
}

export interface RawReturn {
  format: 'csv' | 'xml'
  tables: RawTable[]
  /** What the reader found about whole files. */
  findings: RowFinding[]
}

const WHOLE_NUMBER = /^\d+(?:\.0+)?$/

/** '1'/'0' (spreadsheets also write '1.0'); null when blank; undefined when neither. */
function flag(v: string): boolean | null | undefined {
  if (v === '') return null
  if (v === '1' || v === '1.0') return true
  if (v === '0' || v === '0.0') return false
  return undefined
}

const show = quoted

/** Columns whose values a finding never quotes: they identify a child. */
const PERSONAL = new Set(['DOB', 'MC_DOB', 'UPN', 'NHS_NUMBER'])

/** A column of the table being read: its 903 name and where it is in the rows (-1: not sent). */
interface Column {
  name: string
  index: number
}

const OC2_FLAGS: ReadonlyArray<readonly [keyof Oc2Facts, string]> = [
  ['convicted', 'CONVICTED'],
  ['healthCheck', 'HEALTH_CHECK'],
  ['immunisations', 'IMMUNISATIONS'],
  ['teethCheck', 'TEETH_CHECK'],
  ['healthAssessment', 'HEALTH_ASSESSMENT'],
  ['substanceMisuse', 'SUBSTANCE_MISUSE'],
  ['interventionReceived', 'INTERVENTION_RECEIVED'],
  ['interventionOffered', 'INTERVENTION_OFFERED'],
]

export function assemble903(raw: RawReturn): Parsed903 {
  const findings: RowFinding[] = [...raw.findings]
  const rejected = new Set<string>()
  const children = new Map<string, Child903>()
  /** Every CHILD that has a Header row, usable or not, with the first row it is on. */
  const headerRows = new Map<string, number>()
  const rowsRead: Partial<Record<TableName, number>> = {}
  // The readers report only about whole files (a damaged file names its line): any error is fatal.
  let fatal = raw.findings.some((f) => f.severity === 'error')

  const byTable = new Map<TableName, RawTable>()
  for (const t of raw.tables) byTable.set(t.table, t)

  // The row being read, so the checks below can report without passing it around.
  let table: RawTable | undefined
  let cells: readonly string[] = []
  let rowNumber = 0
  let childId: string | null = null
  let rowOk = true

  const report = (rule: string, columns: readonly string[], message: string, severity?: RowFinding['severity']): void => {
    const t = table as RawTable
    const sev = severity ?? (TABLES[t.table].stored ? 'error' : 'warning')
    findings.push({
      table: t.table,
      file: t.file,
      rowNumber,
      childId,
      rule,
      severity: sev,
      fields: findingFields(columns),
      message,
    })
    if (sev === 'error') {
      rowOk = false
      if (childId !== null) rejected.add(childId)
    }
  }

  /**
   * Reads every row of a table: `setup` gets the table's columns once and returns the function that
   * reads the current row.
   */
  const tableOf = (t: TableName, setup: (column: (name: string) => Column) => () => void): void => {
    const found = byTable.get(t)
    if (found === undefined) return
    table = found
    rowsRead[t] = found.rows.length
    const readRow = setup((name) => ({ name, index: found.columns.indexOf(name) }))
    for (let i = 0; i < found.rows.length; i++) {
      cells = found.rows[i] as readonly string[]
      rowNumber = found.rowNumbers[i] as number
      childId = null
      rowOk = true
      readRow()
    }
  }

  // Values of the current row. Cells are trimmed and blank means absent, as CMS extracts mean it.
  const value = (c: Column): string => (c.index < 0 ? '' : (cells[c.index] ?? '').trim())
  const optionalCode = (c: Column): string | null => {
    const v = normaliseCode(value(c))
    return v === '' ? null : v
  }
  const text = (c: Column): string | null => {
    const v = value(c)
    return v === '' ? null : v
  }
  const date = (c: Column, rule: string, required: boolean): string | null => {
    const v = value(c)
    if (v === '') {
      if (required) report(rule, [c.name], `${c.name} is blank: it must be a date (DD/MM/YYYY).`)
      return null
    }
    const d = parse903Date(v)
    if (d === null) report(rule, [c.name], `${c.name} ${PERSONAL.has(c.name) ? 'is' : `${show(v)} is`} not a real date (DD/MM/YYYY).`)
    return d
  }
  const coded = (c: Column, rule: string, codes: ReadonlySet<string>, required: boolean): string | null => {
    const v = normaliseCode(value(c))
    if (v === '') {
      if (required) report(rule, [c.name], `${c.name} is blank: it must be one of the 903 codes.`)
      return null
    }
    if (!codes.has(v)) {
      report(rule, [c.name], `${c.name} ${show(v)} is not a 903 code (${[...codes].join(', ')}).`)
      return null
    }
    return v
  }
  const yesNo = (c: Column, rule: string): boolean | null => {
    const v = value(c)
    const f = flag(v)
    if (f === undefined) {
      report(rule, [c.name], `${c.name} ${show(v)} must be 0 or 1.`)
      return null
    }
    return f
  }
  const postcode = (c: Column): string | null => {
    const v = value(c)
    return v === '' ? null : normalisePostcode(v)
  }

  /** The child a non-header row belongs to, or null (reported) when it has none. */
  const childOf = (c: Column): Child903 | null => {
    const id = value(c)
    if (id === '') {
      report('CHILD-MISSING', ['CHILD'], 'The row has no CHILD: it cannot be matched to a child.')
      return null
    }
    childId = id
    const child = children.get(id)
    if (child !== undefined) return child
    // A Header row that could not be read has its own finding (and rejected the child): the child's
    // other rows go with it silently.
    if (!headerRows.has(id)) {
      report('NO-HEADER', ['CHILD'], `CHILD ${show(id)} has no row in the Header table: every child needs one.`)
    }
    return null
  }
  /** True for the first row of a child in a one-per-child table; a later row is a finding. */
  const firstFor = (existing: { rowNumber: number } | null): boolean => {
    if (existing === null) return true
    const t = (table as RawTable).table
    report(
      'ROW-DUPLICATE',
      ['CHILD'],
      `CHILD ${show(childId ?? '')} already has a row in ${t} (row ${existing.rowNumber}): there is one per child; the first is read.`,
    )
    return false
  }

  // --- Header -----------------------------------------------------------------------------------
  const headerTable = byTable.get('Header')
  const uascColumn = headerTable?.columns.find((c) => c === 'UASC' || c === 'UASC_STATUS')
  if (headerTable === undefined) {
    // Without headers no row can be matched to a child; and an empty upload read as a snapshot would
    // say every child has gone. (A file that could not be read has said so already.)
    if (fatal) return finish()
    const sent = raw.tables.map((x) => x.table)
    findings.push({
      table: null,
      file: raw.tables.map((x) => x.file).join(', '),
      rowNumber: null,
      childId: null,
      rule: 'NO-HEADER-FILE',
      severity: 'error',
      fields: findingFields(['CHILD']),
      message:
        sent.length === 0
          ? 'No 903 table was read: there is nothing to import.'
          : `No Header table (header.csv) was sent: the ${sent.join(', ')} rows need each child's header, so nothing was read.`,
    })
    fatal = true
    return finish()
  }

  tableOf('Header', (column) => {
    const [CHILD, SEX, DOB, ETHNIC, UPN, NHS, DUC, MOTHER, MC_DOB] = ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'NHS_NUMBER', 'DUC', 'MOTHER', 'MC_DOB'].map(
      column,
    ) as [Column, Column, Column, Column, Column, Column, Column, Column, Column]
    const UASC = column(uascColumn ?? 'UASC')
    return () => {
      const id = value(CHILD)
      if (id === '') {
        report('CHILD-MISSING', ['CHILD'], 'The Header row has no CHILD: it cannot be read.')
        return
      }
      childId = id
      const first = headerRows.get(id)
      if (first !== undefined) {
        report('CHILD-DUPLICATE', ['CHILD'], `CHILD ${show(id)} already has a Header row (row ${first}): a child has one; the first is read.`)
        return
      }
      headerRows.set(id, rowNumber)
      if (!isChildId(id)) {
        report('CHILD-ID', ['CHILD'], `CHILD ${show(id)} is not a usable child id (1-40 letters, digits, '.', '_' or '-', not dots alone).`)
        return
      }
      const dateOfBirth = date(DOB, '102', true)
      const nhs = normaliseNhsNumber(value(NHS))
      const uasc = flag(value(UASC))
      if (uasc === undefined) report('UASC-FLAG', [UASC.name], `${UASC.name} ${show(value(UASC))} must be 0 or 1.`)
      const duc = date(DUC, '104', false)
      const mother = yesNo(MOTHER, '165')
      const motherChildDateOfBirth = date(MC_DOB, '171', false)
      if (dateOfBirth === null) return // reported: a header without a date of birth cannot be stored
      const header: ChildHeader = {
        childId: id,
        sex: normaliseCode(value(SEX)),
        dateOfBirth,
        ethnicity: normaliseCode(value(ETHNIC)),
        upn: optionalCode(UPN),
        nhsNumber: nhs === '' ? null : nhs,
        uasc: uasc === true || duc !== null,
        uascCeasedOn: duc,
      }
      children.set(id, {
        childId: id,
        header,
        headerRow: rowNumber,
        rejected: false,
        episodes: [],
        episodeRows: [],
        uascRow: null,
        mother,
        motherChildDateOfBirth,
        oc2: null,
        oc3: null,
        reviews: [],
        missing: [],
        adoption: null,
        placedForAdoption: [],
        previousPermanence: null,
        socialWorkerEpisodes: [],
      })
    }
  })

  // --- UASC: being in the table marks the child UASC (as the DfE validator reads it) -----------------
  tableOf('UASC', (column) => {
    const CHILD = column('CHILD')
    const DUC = column('DUC')
    return () => {
      const child = childOf(CHILD)
      if (child === null || !firstFor(child.uascRow === null ? null : { rowNumber: child.uascRow })) return
      const duc = date(DUC, '104', false)
      if (!rowOk) return
      child.uascRow = rowNumber
      child.header.uasc = true
      if (duc !== null) child.header.uascCeasedOn = duc
    }
  })

  // --- Episodes ------------------------------------------------------------------------------------
  tableOf('Episodes', (column) => {
    const [CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN] = TABLES.Episodes.columns.map(column) as [
      Column,
      Column,
      Column,
      Column,
      Column,
      Column,
      Column,
      Column,
      Column,
      Column,
      Column,
      Column,
      Column,
    ]
    return () => {
      const child = childOf(CHILD)
      if (child === null) return
      const startDate = date(DECOM, '141', true)
      const endDate = date(DEC, '147', false)
      if (!rowOk || startDate === null) return
      child.episodes.push({
        startDate,
        reasonNewEpisode: normaliseCode(value(RNE)),
        legalStatus: normaliseCode(value(LS)),
        categoryOfNeed: normaliseCode(value(CIN)),
        placementType: normaliseCode(value(PLACE)),
        placementProvider: optionalCode(PLACE_PROVIDER),
        endDate,
        reasonEnded: optionalCode(REC),
        reasonPlaceChange: optionalCode(REASON_PLACE_CHANGE),
        homePostcode: postcode(HOME_POST),
        placementPostcode: postcode(PL_POST),
        urn: optionalCode(URN),
      } satisfies Episode)
      child.episodeRows.push(rowNumber)
    }
  })

  // --- OC2 -----------------------------------------------------------------------------------------
  tableOf('OC2', (column) => {
    const CHILD = column('CHILD')
    const SDQ_SCORE = column('SDQ_SCORE')
    const SDQ_REASON = column('SDQ_REASON')
    const flags = OC2_FLAGS.map(([field, name]) => [field, column(name)] as const)
    return () => {
      const child = childOf(CHILD)
      if (child === null || !firstFor(child.oc2)) return
      const score = value(SDQ_SCORE)
      let sdqScore: number | null = null
      if (score !== '') {
        sdqScore = WHOLE_NUMBER.test(score) ? Math.trunc(Number(score)) : NaN
        if (!(sdqScore >= 0 && sdqScore <= 40)) report('180', ['SDQ_SCORE'], `SDQ_SCORE ${show(score)} must be a whole number from 0 to 40.`)
      }
      const sdqReason = coded(SDQ_REASON, '196', SDQ_REASONS, false)
      const facts: Partial<Record<keyof Oc2Facts, boolean | null>> = {}
      for (const [field, c] of flags) facts[field] = yesNo(c, '181')
      if (!rowOk) return
      child.oc2 = {
        rowNumber,
        sdqScore,
        sdqReason,
        convicted: facts.convicted ?? null,
        healthCheck: facts.healthCheck ?? null,
        immunisations: facts.immunisations ?? null,
        teethCheck: facts.teethCheck ?? null,
        healthAssessment: facts.healthAssessment ?? null,
        substanceMisuse: facts.substanceMisuse ?? null,
        interventionReceived: facts.interventionReceived ?? null,
        interventionOffered: facts.interventionOffered ?? null,
      }
    }
  })

  // --- OC3 -----------------------------------------------------------------------------------------
  tableOf('OC3', (column) => {
    const [CHILD, IN_TOUCH, ACTIV, ACCOM] = ['CHILD', 'IN_TOUCH', 'ACTIV', 'ACCOM'].map(column) as [Column, Column, Column, Column]
    return () => {
      const child = childOf(CHILD)
      if (child === null || !firstFor(child.oc3)) return
      const inTouch = coded(IN_TOUCH, '131', IN_TOUCH_CODES, false)
      const activity = coded(ACTIV, '132', ACTIVITY_CODES, false)
      const accommodation = coded(ACCOM, '133', ACCOMMODATION_CODES, false)
      if (!rowOk) return
      const { type, suitable } = splitAccommodation(accommodation)
      child.oc3 = { rowNumber, inTouch, activity, accommodation, accommodationType: type, accommodationSuitable: suitable }
    }
  })

  // --- Reviews and missing ---------------------------------------------------------------------------
  tableOf('Reviews', (column) => {
    const [CHILD, REVIEW, REVIEW_CODE] = ['CHILD', 'REVIEW', 'REVIEW_CODE'].map(column) as [Column, Column, Column]
    return () => {
      const child = childOf(CHILD)
      if (child === null) return
      const reviewDate = date(REVIEW, '166', true)
      const reviewCode = coded(REVIEW_CODE, '167', REVIEW_CODES, true)
      if (!rowOk || reviewDate === null || reviewCode === null) return
      child.reviews.push({ rowNumber, reviewDate, reviewCode })
    }
  })

  tableOf('Missing', (column) => {
    const [CHILD, MISSING, MIS_START, MIS_END] = ['CHILD', 'MISSING', 'MIS_START', 'MIS_END'].map(column) as [Column, Column, Column, Column]
    return () => {
      const child = childOf(CHILD)
      if (child === null) return
      const missingType = coded(MISSING, '1006', MISSING_TYPES, true)
      const startDate = date(MIS_START, '1004', true)
      const endDate = date(MIS_END, '1005', false)
      if (!rowOk || missingType === null || startDate === null) return
      child.missing.push({ rowNumber, missingType, startDate, endDate })
    }
  })

  // --- Adoption, permanence and social workers -------------------------------------------------------
  tableOf('AD1', (column) => {
    const [CHILD, DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR] = [
      'CHILD',
      'DATE_INT',
      'DATE_MATCH',
      'FOSTER_CARE',
      'NB_ADOPTR',
      'SEX_ADOPTR',
      'LS_ADOPTR',
    ].map(column) as [Column, Column, Column, Column, Column, Column, Column]
    return () => {
      const child = childOf(CHILD)
      if (child === null || !firstFor(child.adoption)) return
      const dateShouldBePlaced = date(DATE_INT, '112', false)
      const dateMatched = date(DATE_MATCH, '113', false)
      const fosterCare = coded(FOSTER_CARE, '114', FOSTER_CARE_CODES, false)
      const numberOfAdopters = coded(NB_ADOPTR, '175', NUMBER_OF_ADOPTERS_CODES, false)
      const adopterSex = coded(SEX_ADOPTR, '176', ADOPTER_SEX_CODES, false)
      const adopterLegalStatus = coded(LS_ADOPTR, '177', ADOPTER_LEGAL_STATUS_CODES, false)
      if (!rowOk) return
      child.adoption = {
        rowNumber,
        dateShouldBePlaced,
        dateMatched,
        fosterCare: fosterCare === null ? null : fosterCare === '1',
        numberOfAdopters,
        adopterSex,
        adopterLegalStatus,
      }
    }
  })

  tableOf('PlacedAdoption', (column) => {
    const [CHILD, DATE_PLACED, DATE_PLACED_CEASED, REASON] = ['CHILD', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'].map(column) as [
      Column,
      Column,
      Column,
      Column,
    ]
    return () => {
      const child = childOf(CHILD)
      if (child === null) return
      const datePlaced = date(DATE_PLACED, '115', false)
      const datePlacedCeased = date(DATE_PLACED_CEASED, '116', false)
      const reasonPlacedCeased = coded(REASON, '120', PLACED_CEASED_REASONS, false)
      if (!rowOk) return
      child.placedForAdoption.push({ rowNumber, datePlaced, datePlacedCeased, reasonPlacedCeased })
    }
  })

  tableOf('PrevPerm', (column) => {
    const [CHILD, PREV_PERM, LA_PERM, DATE_PERM] = ['CHILD', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'].map(column) as [Column, Column, Column, Column]
    return () => {
      const child = childOf(CHILD)
      if (child === null || !firstFor(child.previousPermanence)) return
      const previousPermanence = coded(PREV_PERM, '631', PREVIOUS_PERMANENCE_CODES, false)
      const v = value(DATE_PERM)
      const when = v === '' ? { date: null, approximate: false, asSent: null } : parsePermanenceDate(v)
      if (value(LA_PERM).length > 100) report('TEXT-TOO-LONG', ['LA_PERM'], 'LA_PERM is longer than 100 characters.')
      if (when === null) report('632', ['DATE_PERM'], `DATE_PERM ${show(v)} is not a date (DD/MM/YYYY, ZZ for an unknown day or month).`)
      if (!rowOk || when === null) return
      child.previousPermanence = {
        rowNumber,
        previousPermanence,
        permanenceLa: text(LA_PERM),
        permanenceDate: when.date,
        permanenceDateApproximate: when.approximate,
        permanenceDateAsSent: when.asSent,
      }
    }
  })

  tableOf('SWEpisodes', (column) => {
    const [CHILD, SW_ID, SW_DECOM, SW_DEC, SW_REASON] = ['CHILD', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'].map(column) as [
      Column,
      Column,
      Column,
      Column,
      Column,
    ]
    return () => {
      const child = childOf(CHILD)
      if (child === null) return
      const id = optionalCode(SW_ID)
      // A worker id of another form can still be held: the DfE's rule, not the data model's.
      if (id !== null && !/^(SW|XX)/.test(id)) report('SW02STG1', ['SW_ID'], `SW_ID ${show(id)} must begin with SW or XX.`, 'warning')
      if (id !== null && id.length > 100) report('TEXT-TOO-LONG', ['SW_ID'], 'SW_ID is longer than 100 characters.')
      const startDate = date(SW_DECOM, 'SW04STG1', false)
      const endDate = date(SW_DEC, 'SW05STG1', false)
      const reason = coded(SW_REASON, 'SW13STG1', SOCIAL_WORKER_CHANGE_REASONS, false)
      if (!rowOk) return
      child.socialWorkerEpisodes.push({ rowNumber, socialWorkerId: id, startDate, endDate, reason })
    }
  })

  return finish()

  function finish(): Parsed903 {
    for (const id of rejected) {
      const child = children.get(id)
      if (child !== undefined) child.rejected = true
    }
    return {
      format: raw.format,
      children,
      rejectedChildIds: rejected,
      findings,
      fatal,
      tables: tableNames.filter((t) => byTable.has(t)),
      rowsRead,
      supplied: {
        nhsNumber: headerTable?.columns.includes('NHS_NUMBER') ?? false,
        uasc: byTable.has('UASC') || uascColumn !== undefined || (headerTable?.columns.includes('DUC') ?? false),
        mother: (headerTable?.columns.includes('MOTHER') ?? false) || (headerTable?.columns.includes('MC_DOB') ?? false),
      },
    }
  }
}

/**
 * A care-history finding about a child (checkEpisodes, checkChildHeader) as a row finding: episode
 * findings point at the episode's row, others at the Header row; fields gain their 903 columns.
 */
export function episodeFindingToRow(child: Child903, f: ChildFinding, file: { header: string; episodes: string }): RowFinding {
  const onEpisode = f.episodeIndex !== null
  const columns = onEpisode ? EPISODE_COLUMNS : HEADER_COLUMNS
  const fields: string[] = []
  for (const field of f.fields) {
    const column = columns[field]
    if (column !== undefined) fields.push(column)
    fields.push(field)
  }
  return {
    table: onEpisode ? 'Episodes' : 'Header',
    file: onEpisode ? file.episodes : file.header,
    rowNumber: onEpisode ? (child.episodeRows[f.episodeIndex as number] ?? null) : child.headerRow,
    childId: child.childId,
    rule: f.rule,
    severity: f.severity,
    fields,
    message: f.message,
  }
}
