/**
 * The service's DfE rules (src/domain/dfe-rules) against the DfE's own validator, rule by rule and
 * row by row, on 903 CSV sets the oracle test does not hold: a generated authority's set for 2024-25
 * and 2025-26, or a folder of CSV files (the fake set made untidy by perturb.py, say). Prints, per
 * year, how many rules give the tool's rows exactly, the rules that differ (rows only the service
 * flags, +, and only the tool, -) and the rules the tool failed to run. Run by hand, never in npm test.
 *
 *   DFE_VALIDATOR_DIR=<checkout of csc-validator-be-903> npx tsx scripts/dfe-rules/compare.ts
 *
 * Environment: DFE_VALIDATOR_DIR (the folder holding lac_validator/; required), VALIDATOR_PYTHON (a
 * Python 3 with pandas < 2 and numpy < 1.25, default python3), COMPARE_DIR (a folder of CSV files to
 * compare instead of a generated authority), COMPARE_PREVIOUS (a folder of CSV files given to both as
 * the previous year's return, with COMPARE_DIR or a generated set: the fake set untidied by perturb.py
 * makes the rules on the previous year fire, which a generated authority's two years seldom do), COMPARE_SEED and COMPARE_SCALE (the generator's, 903
 * and 0.3), COMPARE_KEEP (a folder to keep the files and the tool's answers in).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { returnTables, rulesForYear, validateReturn } from '../../src/domain/dfe-rules/index.ts'
import { read903CsvTables } from '../../src/domain/ssda903/index.ts'
import { generateAuthority } from '../demo/generator/index.ts'
import { filesIn, sourceChildren, sourceFiles } from '../ssda903-validator/source.ts'

const VALIDATOR = process.env.DFE_VALIDATOR_DIR
if (VALIDATOR === undefined || !existsSync(path.join(VALIDATOR, 'lac_validator'))) {
  console.error('Set DFE_VALIDATOR_DIR to a checkout of data-to-insight/csc-validator-be-903 (the folder holding lac_validator/).')
  process.exit(2)
}
const PYTHON = process.env.VALIDATOR_PYTHON ?? 'python3'
const RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'ssda903-validator', 'run.py')
const FROM = process.env.COMPARE_DIR
const PREVIOUS = process.env.COMPARE_PREVIOUS
const SEED = Number(process.env.COMPARE_SEED ?? 903)
const SCALE = Number(process.env.COMPARE_SCALE ?? 0.3)
const work = process.env.COMPARE_KEEP ?? mkdtempSync(path.join(os.tmpdir(), 'compare-dfe-rules-'))

interface ToolAnswer {
  rules: Record<string, Record<string, number[]>>
  failed: string[]
}

/** The year's files: the folder's, or the generated authority's as they stood on 31 March. */
function filesFor(year: number): Record<string, string> {
  if (FROM !== undefined) return filesIn(FROM, '.csv')
  const demo = generateAuthority({ la: '372', seed: SEED, scale: SCALE, endDate: '2026-03-31' })
  return sourceFiles(sourceChildren(demo.children, SEED, '2026-03-31'), year)
}

const tablesOf = (files: Record<string, string>) => returnTables(read903CsvTables(Object.entries(files).map(([name, content]) => ({ name, content }))).tables)

try {
  // A generated authority's 2025-26 set is validated with its 2024-25 set as the previous year's
  // (the tool's "Prev year" upload), so the rules comparing the years are compared too.
  let previous: { dir: string; files: Record<string, string> } | null = null
  for (const year of [2025, 2026]) {
    const files = filesFor(year)
    const dir = path.join(work, `set-${year}`)
    mkdirSync(dir, { recursive: true })
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content)
    const out = `${dir}.json`
    if (PREVIOUS !== undefined) previous = { dir: PREVIOUS, files: filesIn(PREVIOUS, '.csv') }
    const withPrevious = previous !== null && (FROM === undefined || PREVIOUS !== undefined) ? [previous.dir] : []
    execFileSync(PYTHON, [RUNNER, VALIDATOR, dir, String(year), out, ...withPrevious], { stdio: ['ignore', 'ignore', 'inherit'] })
    const tool = JSON.parse(readFileSync(out, 'utf8')) as ToolAnswer
    const started = performance.now()
    const result = validateReturn(tablesOf(files), year, undefined, withPrevious.length > 0 && previous !== null ? tablesOf(previous.files) : null)
    const ms = Math.round(performance.now() - started)
    const ours = new Map<string, Set<string>>()
    for (const f of result.findings) {
      let set = ours.get(f.rule)
      if (set === undefined) ours.set(f.rule, (set = new Set()))
      set.add(`${f.table}:${f.rowIndex}`)
    }
    const differ: string[] = []
    const previousYear: string[] = []
    let exact = 0
    for (const rule of rulesForYear(year)) {
      const theirs = new Set(Object.entries(tool.rules[rule.code] ?? {}).flatMap(([table, rows]) => rows.map((i) => `${table}:${i}`)))
      const mine = ours.get(rule.code) ?? new Set<string>()
      const plus = [...mine].filter((k) => !theirs.has(k))
      const minus = [...theirs].filter((k) => !mine.has(k))
      // The rules on the previous year, each with its rows on both sides (tool/service/both), fired or not.
      if (rule.previousYear === true && withPrevious.length > 0) previousYear.push(`${rule.code} ${theirs.size}/${mine.size}/${mine.size - plus.length}`)
      if (plus.length === 0 && minus.length === 0) exact++
      else differ.push(`${rule.code} (+${plus.length} -${minus.length}: ${[...plus.slice(0, 3), ...minus.slice(0, 3).map((k) => `-${k}`)].join(' ')})`)
    }
    const rows = Object.entries(files).map(([name, content]) => `${name} ${content.split('\n').filter((l) => l.trim() !== '').length - 1}`)
    console.log(`${year - 1}-${String(year % 100).padStart(2, '0')}${withPrevious.length > 0 ? ' (with the previous year)' : ''}: ${rows.join(', ')}`)
    console.log(
      `  ${rulesForYear(year).length} rules: ${exact} give the tool's rows exactly; the tool flags rows for ${Object.keys(tool.rules).length} rules; the service took ${ms} ms`,
    )
    console.log(`  failed to run in the tool: ${tool.failed.join(' ') || 'none'}`)
    console.log(`  differ:${differ.length === 0 ? ' none' : `\n    ${differ.join('\n    ')}`}`)
    if (previousYear.length > 0) console.log(`  previous-year rules (rows: tool/service/both): ${previousYear.join(', ')}`)
    if (PREVIOUS === undefined) previous = { dir, files }
  }
} finally {
  if (process.env.COMPARE_KEEP === undefined) rmSync(work, { recursive: true, force: true })
}
