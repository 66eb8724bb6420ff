/**
 * The one finding: what a check found in the data, in the shape the DfE validator uses (where:
 * table, row, child; which rule; how bad; what). Checks that do not yet know where their input
 * stands report a part of it (ChildFinding, RecordIssue) and their caller places it. The HTTP edge
 * has its own shapes (a stored run's finding with its seq; FieldError for a request's fields).
 */
export type Severity = 'error' | 'warning'

export interface Finding {
  /** The 903 table or snapshot section, e.g. 'Header', 'Episodes', 'children'. */
  table: string
  /** 1-based row; null when not tied to a row. */
  rowNumber: number | null
  /** The row's CHILD, when it has one. */
  childId: string | null
  /** DfE rule number where one fits (e.g. '141'), else a service code (e.g. 'NO-HEADER'). */
  rule: string
  /** 'error' rejects the child (or, with no child, the row or file); 'warning' reads the row. */
  severity: Severity
  /** The fields involved: 903 columns each followed by its camelCase name (['DECOM', 'startDate']), or camelCase names. */
  fields: string[]
  message: string
}
