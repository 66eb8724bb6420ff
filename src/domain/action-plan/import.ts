/**
 * Imports the board's action plan table from a CSV or JSON export.
 *
 * The table has the columns Ref, Action, Progress Update, Lead Officer, By When, RAG Status (header
 * names are matched ignoring case, spaces and punctuation, with a few aliases), and optionally a
 * Priority column. Rows are read in order, as the board lays the table out:
 * - a priority heading, "Priority 2 – Leaving Care, ..." (or "2. Priority 2 ..."), in the first cell
 *   with the other cells empty, opens that priority;
 * - the first text-only row after it is the priority's champions ("Councillor Fisher - Sitwell Ward ...");
 * - "2.1 To improve the quality ..." with the other cells empty is a section heading;
 * - any other text-only row is a note on the current section (or priority);
 * - a row with anything in Action, Progress Update, Lead Officer, By When or RAG Status is an action.
 * Repeated header rows (page breaks in the original) and blank rows are skipped.
 *
 * Nothing is dropped or renumbered: a ref that does not fit its priority, a status or date we cannot
 * read, a duplicate ref, all are imported as written and reported as findings naming the row and field.
 */
import { parse } from 'csv-parse/sync'
import { dueDateChangesInWording } from './due-date-history.ts'
import type { DueDateChange } from './due-date-history.ts'
import { parseByWhen } from './due-date.ts'
import type { ByWhenKind } from './due-date.ts'
import type { DatePrecision } from './date-phrases.ts'
import { splitLeadOfficers } from './lead-officers.ts'
import { splitProgressUpdates } from './progress-updates.ts'
import type { ProgressEntry } from './progress-updates.ts'
import { checkRefFits, parseRef } from './refs.ts'
import { readStatus } from './status.ts'
import type { ActionStatus, ColumnName, FindingCode, FindingSeverity, TableFinding, RagColour } from './types.ts'

export interface ImportedSection {
  /** The section's number as written, e.g. "2.1". */
  ref: string
  /** The rest of the heading cell, verbatim. */
  title: string
  /** Text-only rows that follow the heading, verbatim. */
  notes: string[]
  row: number
}

export interface ImportedPriority {
  number: number
  /** The title as written after "Priority N –"; '' when the priority is known only from a Priority column. */
  title: string
  /** The heading cell as written; null when the priority is known only from a Priority column. */
  heading: string | null
  /** The champions row, verbatim. */
  champions: string | null
  sections: ImportedSection[]
  /** Text-only rows under the priority but outside any section. */
  notes: string[]
  /** The heading's row; null when known only from a Priority column. */
  row: number | null
}

export interface ImportedAction {
  row: number
  /** As written; '' when the cell was blank. */
  ref: string
  /** The ref's numbers, or null when it is not dotted numbers. */
  refParts: number[] | null
  /** The priority the row sits under (Priority column, else the last heading). */
  priority: number | null
  /** The section heading the row sits under, e.g. "2.1". */
  section: string | null
  action: string
  /** The Progress Update cell as written. */
  progressUpdate: string
  progressUpdates: ProgressEntry[]
  /** The Lead Officer cell as written. */
  leadOfficer: string
  leadOfficers: string[]
  /** The By When cell as written. */
  byWhen: string
  dueDate: string | null
  dueDateKind: ByWhenKind
  dueDatePrecision: DatePrecision | null
  /** A start milestone written in the By When cell ("Commence by 30th June 2025"). */
  commenceBy: string | null
  /** Due dates re-set within the By When cell, oldest first. */
  dueDateHistory: DueDateChange[]
  /** The RAG Status cell as written. */
  statusWording: string
  status: ActionStatus | null
  statusQualifier: string | null
  /** The colour, when the RAG Status cell names one (older plans). */
  writtenRag: RagColour | null
}

export interface ActionPlanImport {
  priorities: ImportedPriority[]
  actions: ImportedAction[]
  /** Rows above the header (a title) and text-only rows before the first priority heading, verbatim. */
  notes: string[]
  findings: TableFinding[]
}

type Cells = Partial<Record<ColumnName, string>>

interface SourceRow {
  row: number
  cells: Cells
}

const HEADER_ALIASES: Readonly<Record<string, ColumnName>> = {
  ref: 'Ref',
  reference: 'Ref',
  action: 'Action',
  actions: 'Action',
  progressupdate: 'Progress Update',
  progressupdates: 'Progress Update',
  progress: 'Progress Update',
  update: 'Progress Update',
  updates: 'Progress Update',
  leadofficer: 'Lead Officer',
  leadofficers: 'Lead Officer',
  lead: 'Lead Officer',
  leads: 'Lead Officer',
  bywhen: 'By When',
  duedate: 'By When',
  deadline: 'By When',
  targetdate: 'By When',
  ragstatus: 'RAG Status',
  rag: 'RAG Status',
  brag: 'RAG Status',
  status: 'RAG Status',
  priority: 'Priority',
}

const REQUIRED: readonly ColumnName[] = ['Ref', 'Action']
const EXPECTED: readonly ColumnName[] = ['Ref', 'Action', 'Progress Update', 'Lead Officer', 'By When', 'RAG Status']
const ACTION_COLUMNS: readonly ColumnName[] = ['Action', 'Progress Update', 'Lead Officer', 'By When', 'RAG Status']

/** The column a header names, or null. */
function columnFor(header: string): ColumnName | null {
  return HEADER_ALIASES[header.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? null
}

function finding(
  severity: FindingSeverity,
  code: FindingCode,
  message: string,
  at: { row?: number | null; ref?: string | null; field?: ColumnName | null; value?: string | null } = {},
): TableFinding {
  return { severity, code, message, row: at.row ?? null, ref: at.ref ?? null, field: at.field ?? null, value: at.value ?? null }
}

/** Keeps cell text as written, bar surrounding whitespace and Windows line ends inside the cell. */
function clean(s: string): string {
  return s.replace(/\r\n?/g, '\n').trim()
}

/**
 * Maps a header row to columns. Returns null (with an error finding) when Ref or Action is missing.
 */
function readHeader(header: readonly string[], row: number, findings: TableFinding[]): (ColumnName | null)[] | null {
  const seen = new Set<ColumnName>()
  const columns = header.map((h) => {
    const column = columnFor(h)
    if (column === null) {
      if (h.trim() !== '') findings.push(finding('info', 'unknown_column', `column ignored: ${JSON.stringify(h)}`, { row, value: h }))
      return null
    }
    if (seen.has(column)) {
      findings.push(finding('warning', 'duplicate_column', `second ${column} column ignored`, { row, field: column, value: h }))
      return null
    }
    seen.add(column)
    return column
  })
  for (const column of EXPECTED) {
    if (seen.has(column)) continue
    const required = REQUIRED.includes(column)
    findings.push(
      finding(required ? 'error' : 'warning', 'missing_column', `no ${column} column${required ? ': nothing imported' : ''}`, {
        row,
        field: column,
      }),
    )
  }
  return REQUIRED.every((c) => seen.has(c)) ? columns : null
}

function isHeaderRepeat(cells: readonly string[], columns: readonly (ColumnName | null)[]): boolean {
  return columns.every((c, i) => c === null || columnFor(cells[i] ?? '') === c)
}

/**
 * Rows of cells to source rows numbered from 1. The header is the first row naming both Ref and Action
 * (else the first non-blank row, to report what is missing); non-blank rows above it, such as a title,
 * become the plan's notes.
 */
function tableRows(table: readonly (readonly string[])[], findings: TableFinding[], notes: string[]): SourceRow[] | null {
  const names = (r: readonly string[]) => new Set(r.map(columnFor))
  let headerIndex = table.findIndex((r) => names(r).has('Ref') && names(r).has('Action'))
  if (headerIndex < 0) headerIndex = table.findIndex((r) => r.some((v) => v.trim() !== ''))
  const header = table[headerIndex]
  if (header === undefined) {
    findings.push(finding('error', 'missing_column', 'no header row: nothing imported'))
    return null
  }
  const columns = readHeader(header, headerIndex + 1, findings)
  if (columns === null) return null
  for (const record of table.slice(0, headerIndex)) {
    const text = record
      .map(clean)
      .filter((v) => v !== '')
      .join(' ')
    if (text !== '') notes.push(text)
  }
  const rows: SourceRow[] = []
  table.forEach((record, i) => {
    if (i <= headerIndex || isHeaderRepeat(record, columns)) return
    const cells: Cells = {}
    record.forEach((v, j) => {
      const column = columns[j]
      if (column !== null && column !== undefined) cells[column] = clean(v)
    })
    rows.push({ row: i + 1, cells })
  })
  return rows
}

export function parseActionPlanCsv(text: string): ActionPlanImport {
  const findings: TableFinding[] = []
  let table: string[][]
  try {
    table = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][]
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    return { priorities: [], actions: [], notes: [], findings: [finding('error', 'csv_syntax', message)] }
  }
  const notes: string[] = []
  const rows = tableRows(table, findings, notes)
  return rows === null ? { priorities: [], actions: [], notes, findings } : importRows(rows, findings, notes)
}

function jsonCell(v: unknown, at: { row: number; field: ColumnName | null }, findings: TableFinding[]): string {
  if (typeof v === 'string') return v
  if (v === null || v === undefined) return ''
  if (typeof v === 'number' || typeof v === 'boolean') {
    if (at.field === 'Ref' && typeof v === 'number') {
      findings.push(
        finding('info', 'bad_cell', `Ref given as a number (${v}): "4.10" would arrive as 4.1; export refs as text`, {
          ...at,
          value: String(v),
        }),
      )
    }
    return String(v)
  }
  findings.push(finding('warning', 'bad_cell', `cell is not text and was read as blank`, { ...at, value: JSON.stringify(v) }))
  return ''
}

/**
 * Accepts the rows of the table as JSON: an array of objects keyed by column name
 * ([{ "Ref": "1.1", "Action": "...", ... }]), an array of arrays whose first row is the header,
 * or either wrapped as { "rows": [...] }.
 */
export function parseActionPlanJson(value: unknown): ActionPlanImport {
  const findings: TableFinding[] = []
  const empty = (): ActionPlanImport => ({ priorities: [], actions: [], notes: [], findings })
  const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null && 'rows' in value ? value.rows : undefined
  if (!Array.isArray(list)) {
    findings.push(finding('error', 'not_rows', 'expected an array of rows (or { rows: [...] }): nothing imported'))
    return empty()
  }

  if (list.length > 0 && list.every((r) => Array.isArray(r))) {
    const table = (list as unknown[][]).map((r, i) => r.map((v) => jsonCell(v, { row: i + 1, field: null }, findings)))
    const notes: string[] = []
    const rows = tableRows(table, findings, notes)
    return rows === null ? { ...empty(), notes } : importRows(rows, findings, notes)
  }

  const unknownKeys = new Set<string>()
  const seenColumns = new Set<ColumnName>()
  const rows: SourceRow[] = []
  list.forEach((item: unknown, i) => {
    const row = i + 1
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      findings.push(finding('warning', 'bad_row', 'row is not an object and was skipped', { row, value: JSON.stringify(item) }))
      return
    }
    const cells: Cells = {}
    for (const [key, v] of Object.entries(item)) {
      const column = columnFor(key)
      if (column === null) {
        if (!unknownKeys.has(key)) findings.push(finding('info', 'unknown_column', `key ignored: ${JSON.stringify(key)}`, { row, value: key }))
        unknownKeys.add(key)
        continue
      }
      seenColumns.add(column)
      cells[column] = clean(jsonCell(v, { row, field: column }, findings))
    }
    rows.push({ row, cells })
  })
  for (const column of REQUIRED) {
    if (!seenColumns.has(column)) {
      findings.push(finding('error', 'missing_column', `no row has a ${column}: nothing imported`, { field: column }))
    }
  }
  return REQUIRED.every((c) => seenColumns.has(c)) ? importRows(rows, findings, []) : empty()
}

const PRIORITY_HEADING = /^(?:\d+\.\s*)?priority\s+(\d+)\b\s*(?:[-–—:.]\s*)?([\s\S]*)$/i
const SECTION_HEADING = /^(\d+(?:\.\d+)+)\.?\s+(\S[\s\S]*)$/
const PRIORITY_CELL = /^(?:priority\s*)?(\d+)\b\s*(?:[-–—:.]\s*)?([\s\S]*)$/i

function importRows(rows: readonly SourceRow[], findings: TableFinding[], notes: string[]): ActionPlanImport {
  const priorities: ImportedPriority[] = []
  const actions: ImportedAction[] = []
  const refRows = new Map<string, number>()
  let current: ImportedPriority | null = null
  let section: ImportedSection | null = null

  const priorityNumbered = (n: number, title: string): ImportedPriority => {
    const found = priorities.find((p) => p.number === n)
    if (found !== undefined) return found
    const made: ImportedPriority = { number: n, title, heading: null, champions: null, sections: [], notes: [], row: null }
    priorities.push(made)
    return made
  }

  for (const { row, cells } of rows) {
    const cell = (c: ColumnName) => cells[c] ?? ''
    const first = cell('Ref')
    const isAction = ACTION_COLUMNS.some((c) => cell(c) !== '')

    let columnPriority: ImportedPriority | null = null
    const priorityCell = cell('Priority')
    if (priorityCell !== '') {
      const m = PRIORITY_CELL.exec(priorityCell)
      if (m === null) {
        findings.push(
          finding('warning', 'unknown_priority', `Priority not read: ${JSON.stringify(priorityCell)}`, {
            row,
            field: 'Priority',
            value: priorityCell,
          }),
        )
      } else {
        columnPriority = priorityNumbered(Number(m[1]), (m[2] ?? '').trim())
      }
    }

    if (!isAction) {
      const heading = PRIORITY_HEADING.exec(first)
      if (heading !== null) {
        const n = Number(heading[1])
        const existing = priorities.find((p) => p.number === n)
        if (existing !== undefined && existing.heading !== null) {
          findings.push(
            finding('warning', 'duplicate_priority', `priority ${n} heading again (first at row ${existing.row}); rows join it`, {
              row,
              field: 'Ref',
              value: first,
            }),
          )
        }
        current = existing ?? priorityNumbered(n, '')
        if (current.heading === null) {
          current.heading = first
          current.title = (heading[2] ?? '').trim()
          current.row = row
        }
        section = null
        continue
      }
      if (first === '') {
        if (columnPriority !== null && columnPriority !== current) {
          current = columnPriority
          section = null
        }
        continue
      }
      const owner = columnPriority ?? current
      const sectionHeading = SECTION_HEADING.exec(first)
      if (sectionHeading !== null && owner !== null) {
        const ref = sectionHeading[1] ?? ''
        const fit = checkRefFits(ref, { priority: owner.number })
        if (!fit.fits) {
          findings.push(
            finding('warning', 'ref_misfit', `section ${ref} does not fit priority ${owner.number}; kept as written`, {
              row,
              ref,
              field: 'Ref',
              value: first,
            }),
          )
        }
        section = { ref, title: (sectionHeading[2] ?? '').trim(), notes: [], row }
        owner.sections.push(section)
        current = owner
        continue
      }
      if (owner === null) notes.push(first)
      else if (owner.champions === null && owner.sections.length === 0 && !actions.some((a) => a.priority === owner.number)) {
        owner.champions = first
      } else if (section !== null && owner === current) section.notes.push(first)
      else owner.notes.push(first)
      continue
    }

    const owner = columnPriority ?? current
    if (columnPriority !== null && columnPriority !== current) {
      current = columnPriority
      section = null
    }
    const ref = first
    const at = { row, ref: ref === '' ? null : ref, field: 'Ref' as const, value: ref }
    if (ref === '') {
      findings.push(finding('warning', 'missing_ref', 'action has no ref; imported without one', at))
    } else if (parseRef(ref) === null) {
      findings.push(finding('warning', 'unparsable_ref', `ref is not dotted numbers: ${JSON.stringify(ref)}; kept as written`, at))
    } else {
      const fit = checkRefFits(ref, { priority: owner?.number ?? null, section: section?.ref ?? null })
      if (!fit.fits) {
        const where = [
          fit.problems.includes('priority_mismatch') && owner !== null ? `priority ${owner.number}` : null,
          fit.problems.includes('section_mismatch') && section !== null ? `section ${section.ref}` : null,
        ]
          .filter((w) => w !== null)
          .join(' or ')
        const hint = fit.suggestion === null ? '' : ` (perhaps ${fit.suggestion})`
        findings.push(finding('warning', 'ref_misfit', `ref ${ref} does not fit ${where}${hint}; kept as written`, at))
      }
    }
    if (ref !== '') {
      const earlier = refRows.get(ref)
      if (earlier !== undefined) {
        findings.push(finding('error', 'duplicate_ref', `ref ${ref} is also used at row ${earlier}; both kept`, at))
      } else refRows.set(ref, row)
    }
    if (owner === null) {
      findings.push(finding('warning', 'no_priority', 'action is not under any priority heading', at))
    }

    const byWhen = parseByWhen(cell('By When'))
    if (byWhen.kind === 'unparsed') {
      findings.push(
        finding('warning', 'unparsed_by_when', `no due date read from ${JSON.stringify(byWhen.wording)}`, {
          ...at,
          field: 'By When',
          value: byWhen.wording,
        }),
      )
    }
    const dueDateHistory = dueDateChangesInWording(byWhen)
    if (dueDateHistory.length > 0) {
      findings.push(
        finding('info', 'due_date_reset', `due date re-set within the cell: ${JSON.stringify(byWhen.wording)}`, {
          ...at,
          field: 'By When',
          value: byWhen.wording,
        }),
      )
    }
    const status = readStatus(cell('RAG Status'))
    if (status.finding !== null) findings.push({ ...status.finding, row, ref: at.ref })

    actions.push({
      row,
      ref,
      refParts: parseRef(ref),
      priority: owner?.number ?? null,
      section: section?.ref ?? null,
      action: cell('Action'),
      progressUpdate: cell('Progress Update'),
      progressUpdates: splitProgressUpdates(cell('Progress Update')),
      leadOfficer: cell('Lead Officer'),
      leadOfficers: splitLeadOfficers(cell('Lead Officer')),
      byWhen: byWhen.wording,
      dueDate: byWhen.dueDate,
      dueDateKind: byWhen.kind,
      dueDatePrecision: byWhen.precision,
      commenceBy: byWhen.phrases.find((p) => p.role === 'commence')?.to ?? null,
      dueDateHistory,
      statusWording: status.wording,
      status: status.status,
      statusQualifier: status.qualifier,
      writtenRag: status.colour,
    })
  }
  return { priorities, actions, notes, findings }
}

/** How many actions have each status; `unknown` counts those whose wording could not be read. */
export function countByStatus(actions: readonly Pick<ImportedAction, 'status'>[]): Record<ActionStatus | 'unknown', number> {
  const counts: Record<ActionStatus | 'unknown', number> = {
    not_started: 0,
    awaiting_start: 0,
    in_progress: 0,
    delayed: 0,
    complete: 0,
    complete_monitoring: 0,
    obsolete: 0,
    unknown: 0,
  }
  for (const a of actions) counts[a.status ?? 'unknown']++
  return counts
}
