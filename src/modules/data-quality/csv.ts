import type { FastifyReply } from 'fastify'
import { toCsv } from '../../domain/csv.ts'

interface CsvFinding {
  rule: string
  table: string
  rowIndex: number
  childId: string | null
  fields: readonly string[]
  values: Readonly<Record<string, string | null>>
  rowKey?: string
  acknowledgement?: { reason: string; acknowledgedAt: string } | null
}

/**
 * Findings as a CSV file: the validator's columns (rule, table, row index, child, fields) and the
 * values flagged (FIELD=value, space-separated); stored findings add their row key and acknowledgement.
 */
export function sendFindingsCsv(reply: FastifyReply, fileName: string, findings: readonly CsvFinding[], options: { stored?: boolean } = {}) {
  const columns = ['rule', 'table', 'rowIndex', 'childId', 'fields', 'values', ...(options.stored ? ['rowKey', 'acknowledgedAt', 'acknowledgedReason'] : [])]
  const rows = findings.map((f) => ({
    rule: f.rule,
    table: f.table,
    rowIndex: f.rowIndex,
    childId: f.childId,
    fields: f.fields.join(' '),
    values: Object.entries(f.values)
      .map(([k, v]) => `${k}=${v ?? ''}`)
      .join(' '),
    rowKey: f.rowKey ?? null,
    acknowledgedAt: f.acknowledgement?.acknowledgedAt ?? null,
    acknowledgedReason: f.acknowledgement?.reason ?? null,
  }))
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(toCsv(columns, rows))
}
