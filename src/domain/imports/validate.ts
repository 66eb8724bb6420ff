/**
 * Checks a whole snapshot child by child. A child with any error is rejected: none of its rows are
 * applied and what is stored for it stays as it was. Warnings are kept with the child's episodes.
 */
import { checkCareHistory, checkChildHeader, type ChildFinding } from '../care-history/index.ts'
import { isChildId } from '../identifiers.ts'
import type { Finding } from '../findings.ts'
import { checkChildReturn } from '../ssda903/child-return.ts'
import type { Snapshot, SnapshotChild } from './types.ts'

export interface ValidatedSnapshot {
  accepted: Array<SnapshotChild & { warnings: ChildFinding[] }>
  rejectedChildIds: Set<string>
  findings: Finding[]
}

export function validateSnapshot(snapshot: Snapshot, today: string, tables = { header: 'Header', episodes: 'Episodes' }): ValidatedSnapshot {
  const findings = [...snapshot.findings]
  const rejected = new Set(snapshot.rejectedChildIds)
  const accepted: ValidatedSnapshot['accepted'] = []
  const seen = new Map<string, number | null>()

  for (const child of snapshot.children) {
    const id = child.header.childId
    const childFindings: Finding[] = []
    if (!isChildId(id)) {
      childFindings.push({
        table: tables.header,
        rowNumber: child.row,
        childId: id || null,
        rule: 'CHILD',
        severity: 'error',
        fields: ['childId'],
        message: 'The child id must be 1-40 letters, digits, dots, dashes or underscores, not dots alone.',
      })
    }
    if (seen.has(id)) {
      childFindings.push({
        table: tables.header,
        rowNumber: child.row,
        childId: id,
        rule: 'DUPLICATE',
        severity: 'error',
        fields: ['childId'],
        message: `Child ${id} appears more than once (first at row ${seen.get(id) ?? '?'}).`,
      })
      rejected.add(id)
    }
    seen.set(id, child.row)
    for (const f of checkChildHeader(child.header, today)) {
      childFindings.push({ table: tables.header, rowNumber: child.row, childId: id, rule: f.rule, severity: f.severity, fields: f.fields, message: f.message })
    }
    const episodeFindings = checkCareHistory(child.header, child.episodes)
    for (const f of episodeFindings) {
      const row = f.episodeIndex === null ? null : (child.episodeRows[f.episodeIndex] ?? null)
      childFindings.push({ table: tables.episodes, rowNumber: row, childId: id, rule: f.rule, severity: f.severity, fields: f.fields, message: f.message })
    }
    if (child.returnTables) childFindings.push(...checkChildReturn(id, child.returnTables))
    findings.push(...childFindings)
    if (rejected.has(id) || childFindings.some((f) => f.severity === 'error')) rejected.add(id)
    else accepted.push({ ...child, warnings: episodeFindings.filter((f) => f.severity === 'warning') })
  }
  // A duplicate rejects every copy of the child, including the one accepted before it was seen.
  return { accepted: accepted.filter((c) => !rejected.has(c.header.childId)), rejectedChildIds: rejected, findings }
}
