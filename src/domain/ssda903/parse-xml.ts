/**
 * The 903 XML return (<EXPSSDA903>) -> Parsed903, through the same tables the CSV set gives. The
 * shape, as the DfE validator's ingress reads it:
 *
 *   <EXPSSDA903><CHILD>
 *     <HEADER><CHILDID/><UPN/><SEX/><DOB/><ETHNIC/><UASC/><DUC/>       Header (UASC flag, DUC)
 *       <IN_TOUCH/><ACTIV/><ACCOM/>                                      OC3, when present
 *       <DATE_INT/><DATE_MATCH/><FOSTER_CARE/><NB_ADOPTR/>...            AD1, when present
 *       <AREVIEW>*  <AMISSING>*  <MOTHER/><MC_DOB/>  <PERMANENCE>  <OC2>  <AD_PLACED>*
 *     </HEADER>
 *     <EPISODE><DECOM/>...<PL/>...</EPISODE>*                            Episodes (PL is PLACE)
 *   </CHILD>*</EXPSSDA903>
 *
 * CHILDID is CHILD. Row numbers count each table's records in document order (see RowFinding).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { namesOf } from '../quoted.ts'
import { assemble903 } from './assemble.ts'
import type { RawReturn, RawTable } from './assemble.ts'
import { findingFields, TABLES } from './tables.ts'
import type { TableName } from './tables.ts'
import type { Parsed903, RowFinding } from './types.ts'

type Element = Record<string, unknown>

const REPEATED = new Set(['CHILD', 'HEADER', 'EPISODE', 'AREVIEW', 'AMISSING', 'AD_PLACED', 'OC2', 'PERMANENCE'])

const HEADER_COLUMNS = [...TABLES.Header.columns, 'UASC', 'DUC', 'NHS_NUMBER']
const OC3_FIELDS = ['IN_TOUCH', 'ACTIV', 'ACCOM']
const AD1_FIELDS = ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR']

/** Every tag the return may hold; others are reported once and ignored. */
const KNOWN_TAGS = new Set([
  'CHILD',
  'HEADER',
  'EPISODE',
  'AREVIEW',
  'AMISSING',
  'AD_PLACED',
  'OC2',
  'PERMANENCE',
  'CHILDID',
  'PL',
  ...HEADER_COLUMNS,
  ...OC3_FIELDS,
  ...AD1_FIELDS,
  ...TABLES.Episodes.columns,
  ...TABLES.Reviews.columns,
  ...TABLES.Missing.columns,
  ...TABLES.OC2.columns,
  ...TABLES.PrevPerm.columns,
  ...TABLES.PlacedAdoption.columns,
])

/** The text of a leaf element: '' when empty or absent, the first when repeated. */
function leaf(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return leaf(v[0])
  return ''
}

function elements(v: unknown): Element[] {
  if (!Array.isArray(v)) return []
  return v.map((e) => (e !== null && typeof e === 'object' && !Array.isArray(e) ? (e as Element) : {}))
}

function fatalFinding(file: string, message: string): RowFinding {
  return { table: null, file, rowNumber: null, childId: null, rule: 'FILE-UNREADABLE', severity: 'error', fields: [], message }
}

/** Reads an XML return. Never throws on its content: every problem is a finding. */
export function parse903Xml(content: string | Uint8Array, fileName = 'return.xml'): Parsed903 {
  return assemble903(read903XmlTables(content, fileName))
}

/**
 * An XML return as raw tables (cells as written, row i of a table its i-th record in document
 * order) and the findings about the whole file, as read903CsvTables gives the CSV set: the DfE
 * rules (domain/dfe-rules) judge these values as given.
 */
export function read903XmlTables(content: string | Uint8Array, fileName = 'return.xml'): RawReturn {
  let text = typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content)
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)

  const unreadable = (why: string): RawReturn => ({ format: 'xml', tables: [], findings: [fatalFinding(fileName, why)] })
  // A 903 return never has a DOCTYPE; one can only ask the reader to fetch or expand entities.
  if (/<!DOCTYPE/i.test(text)) return unreadable(`${fileName} has a DOCTYPE declaration, which a 903 return does not: it was not read.`)
  const valid = XMLValidator.validate(text)
  if (valid !== true) {
    const { msg, line } = valid.err
    return unreadable(`${fileName} is not well-formed XML (line ${line}): ${msg.slice(0, 100)}`)
  }
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (tagName: string) => REPEATED.has(tagName),
  })
  let doc: Element
  try {
    doc = parser.parse(text) as Element
  } catch (e) {
    return unreadable(`${fileName} could not be read as XML: ${(e instanceof Error ? e.message : String(e)).slice(0, 100)}`)
  }
  if (!Object.hasOwn(doc, 'EXPSSDA903')) return unreadable(`${fileName} is not a 903 return: its root element is not <EXPSSDA903>.`)
  const root = doc['EXPSSDA903']
  const childElements = root !== null && typeof root === 'object' ? elements((root as Element)['CHILD']) : []

  // NHS_NUMBER is not a 903 element: the header carries it only when a return adds it.
  const headerColumns = text.includes('<NHS_NUMBER') ? HEADER_COLUMNS : HEADER_COLUMNS.slice(0, -1)
  // The tables as they are built (RawTable's arrays, still growing).
  type Building = RawTable & { rows: string[][]; rowNumbers: number[] }
  const tables = new Map<TableName, Building>()
  const rowsOf = (t: TableName, columns: readonly string[]): Building => {
    let found = tables.get(t)
    if (found === undefined) {
      found = { table: t, file: fileName, columns, rows: [], rowNumbers: [] }
      tables.set(t, found)
    }
    return found
  }
  // Every table the return can carry is present, even with no rows: the XML is the whole return. (It
  // has no UASC table: the header carries the flag and DUC.)
  for (const t of ['Header', 'Episodes', 'Reviews', 'OC2', 'OC3', 'AD1', 'PlacedAdoption', 'PrevPerm', 'Missing'] as const) {
    rowsOf(t, t === 'Header' ? headerColumns : TABLES[t].columns)
  }
  const unknownTags = new Set<string>()
  const noteUnknown = (e: Element): void => {
    for (const tag of Object.keys(e)) if (!KNOWN_TAGS.has(tag)) unknownTags.add(tag)
  }
  /** A row of a table from the child's fields and an element's own, in the table's column order. */
  const add = (t: TableName, fields: (column: string) => string): void => {
    const table = rowsOf(t, TABLES[t].columns)
    table.rows.push(table.columns.map(fields))
    table.rowNumbers.push(table.rows.length)
  }

  for (const child of childElements) {
    noteUnknown(child)
    const header = elements(child['HEADER'])[0] ?? {}
    noteUnknown(header)
    const h = (column: string): string => leaf(header[column === 'CHILD' ? 'CHILDID' : column])
    const headerRows = rowsOf('Header', headerColumns)
    headerRows.rows.push(headerColumns.map(h))
    headerRows.rowNumbers.push(headerRows.rows.length)

    // Fields of the child itself (CHILD, DOB, SEX) fill the same columns in its other tables.
    const nested =
      (e: Element) =>
      (column: string): string =>
        column === 'CHILD' || column === 'DOB' || column === 'SEX' ? h(column) : leaf(e[column])
    if (OC3_FIELDS.some((f) => Object.hasOwn(header, f))) add('OC3', nested(header))
    if (AD1_FIELDS.some((f) => Object.hasOwn(header, f))) add('AD1', nested(header))
    const sub = (tag: string, t: TableName): void => {
      for (const e of elements(header[tag])) {
        noteUnknown(e)
        add(t, nested(e))
      }
    }
    sub('AREVIEW', 'Reviews')
    sub('AMISSING', 'Missing')
    sub('OC2', 'OC2')
    sub('PERMANENCE', 'PrevPerm')
    sub('AD_PLACED', 'PlacedAdoption')
    for (const e of elements(child['EPISODE'])) {
      noteUnknown(e)
      const tagOf = (column: string): string => (column === 'PLACE' ? 'PL' : column)
      add('Episodes', (column) => (column === 'CHILD' ? h('CHILD') : leaf(e[tagOf(column)])))
    }
  }

  const findings: RowFinding[] = []
  if (unknownTags.size > 0) {
    const tags = namesOf([...unknownTags].sort())
    findings.push({
      table: null,
      file: fileName,
      rowNumber: null,
      childId: null,
      rule: 'COLUMN-UNKNOWN',
      severity: 'warning',
      fields: findingFields(tags),
      message: `${fileName}: element${tags.length > 1 ? 's' : ''} ${tags.map((t) => `<${t}>`).join(', ')} ignored.`,
    })
  }
  return { format: 'xml', tables: [...tables.values()], findings }
}
