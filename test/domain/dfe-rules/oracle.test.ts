/**
 * The oracle: the fake 903 set validated as a 2024-25 and a 2025-26 return must flag, rule by rule,
 * exactly the rows the DfE validator flags (its own output, test/fixtures/ssda903-fake/dfe-validator).
 * A rule that differs for a stated reason is listed in KNOWN with the difference as it is, so a
 * change either way fails; docs/data-quality.md gives the same list and reasons.
 */
import t from 'tap'
import { rulesForYear, validateReturn } from '../../../src/domain/dfe-rules/index.ts'
import type { ReturnTables } from '../../../src/domain/dfe-rules/index.ts'
import { fakeReturn, oracleFindings, oracleRules } from './oracle.ts'

interface Known {
  /** Rows the service flags and the validator does not, and the reverse ('Table:row'), by count. */
  onlyOurs: number
  onlyTheirs: number
  why: string
  /**
   * The difference is the validator's DEC filling (VALIDATOR_FILLS_DEC): with every blank DEC read
   * as 31 March, the rule gives the validator's rows exactly (asserted).
   */
  filledDec?: boolean
}

// Rule 365 (and 361, 362) fill blank DECs with 31 March in the episodes table every later rule
// shares, so for the rules after them an open episode has ended on 31 March: child 590545's open
// episode ending E12 reads as an adoption during the year and its AD1 row (2) is not flagged by 602.
const VALIDATOR_FILLS_DEC = 'the validator reads open episodes as ended 31 March once 365 has filled their DEC'

/** The return as the validator's later rules see it: every blank DEC filled with 31 March. */
function withOpenEpisodesEnded(t: ReturnTables, year: number): ReturnTables {
  const eps = t.Episodes
  if (eps === undefined) return t
  return { ...t, Episodes: { columns: eps.columns, rows: eps.rows.map((r) => ((r['DEC'] ?? null) === null ? { ...r, DEC: `31/03/${year}` } : r)) } }
}

const KNOWN: Record<number, Record<string, Known>> = {
  2025: {
    '388': { onlyOurs: 0, onlyTheirs: 1060, why: VALIDATOR_FILLS_DEC, filledDec: true },
    '376': { onlyOurs: 0, onlyTheirs: 56, why: VALIDATOR_FILLS_DEC, filledDec: true },
    '602': { onlyOurs: 1, onlyTheirs: 0, why: VALIDATOR_FILLS_DEC, filledDec: true },
    '387': { onlyOurs: 0, onlyTheirs: 8, why: VALIDATOR_FILLS_DEC, filledDec: true },
    '407': { onlyOurs: 0, onlyTheirs: 76, why: VALIDATOR_FILLS_DEC, filledDec: true },
    '386': { onlyOurs: 0, onlyTheirs: 16, why: VALIDATOR_FILLS_DEC, filledDec: true },
    '359': { onlyOurs: 649, onlyTheirs: 0, why: VALIDATOR_FILLS_DEC, filledDec: true },
  },
  2026: {
    '388': { onlyOurs: 0, onlyTheirs: 1060, why: VALIDATOR_FILLS_DEC, filledDec: true },
    '376': { onlyOurs: 0, onlyTheirs: 56, why: VALIDATOR_FILLS_DEC, filledDec: true },
    '602': { onlyOurs: 1, onlyTheirs: 0, why: VALIDATOR_FILLS_DEC, filledDec: true },
    '387': { onlyOurs: 0, onlyTheirs: 5, why: VALIDATOR_FILLS_DEC, filledDec: true },
    '407': { onlyOurs: 0, onlyTheirs: 82, why: VALIDATOR_FILLS_DEC, filledDec: true },
    '386': { onlyOurs: 0, onlyTheirs: 18, why: VALIDATOR_FILLS_DEC, filledDec: true },
    '359': { onlyOurs: 767, onlyTheirs: 0, why: VALIDATOR_FILLS_DEC, filledDec: true },
  },
}

const tables = fakeReturn()

for (const year of [2025, 2026]) {
  t.test(`the fake set as a ${year - 1}-${String(year).slice(2)} return flags the validator's rows`, async (t) => {
    const started = performance.now()
    const result = validateReturn(tables, year)
    const ms = performance.now() - started
    const theirs = oracleFindings(year)
    const byRule = oracleRules(year)
    const ours = new Map<string, Set<string>>()
    for (const f of result.findings) {
      let set = ours.get(f.rule)
      if (set === undefined) ours.set(f.rule, (set = new Set()))
      set.add(`${f.table}:${f.rowIndex}`)
    }
    const exact: string[] = []
    const differing: string[] = []
    for (const rule of rulesForYear(year)) {
      const info = byRule.get(rule.code)
      t.ok(info !== undefined, `${rule.code} is in the validator's ${year} rule set`)
      t.equal(rule.message, info?.message.trim(), `${rule.code}: the DfE's message`)
      const o = ours.get(rule.code) ?? new Set<string>()
      const v = theirs.get(rule.code) ?? new Set<string>()
      const onlyOurs = [...o].filter((k) => !v.has(k))
      const onlyTheirs = [...v].filter((k) => !o.has(k))
      const known = KNOWN[year]?.[rule.code]
      if (onlyOurs.length === 0 && onlyTheirs.length === 0) exact.push(rule.code)
      else differing.push(`${rule.code} (+${onlyOurs.length} -${onlyTheirs.length})`)
      if (known !== undefined) {
        t.same(
          { onlyOurs: onlyOurs.length, onlyTheirs: onlyTheirs.length },
          { onlyOurs: known.onlyOurs, onlyTheirs: known.onlyTheirs },
          `${rule.code}: ${known.why}`,
        )
        if (known.filledDec === true) {
          const filled = validateReturn(withOpenEpisodesEnded(tables, year), year, [rule])
          t.same(new Set(filled.findings.map((f) => `${f.table}:${f.rowIndex}`)), v, `${rule.code}: with open episodes ended 31 March, the validator's rows`)
        }
      } else {
        t.same(
          { onlyOurs: onlyOurs.slice(0, 5), onlyTheirs: onlyTheirs.slice(0, 5) },
          { onlyOurs: [], onlyTheirs: [] },
          `${rule.code}: the validator's rows (${v.size})`,
        )
      }
    }
    // The figure docs/data-quality.md records: of the rules that fire on the fake set and need no
    // outside data (postcodes, Ofsted lists), how many the service implements and matches exactly.
    const fired = [...byRule.values()].filter((r) => r.status === 'fired' && r.stub === '')
    const implemented = new Set(rulesForYear(year).map((r) => r.code))
    const firedExact = fired.filter((r) => exact.includes(r.code))
    t.comment(
      `${year}: ${fired.length} rules fire without outside data; ${fired.filter((r) => implemented.has(r.code)).length} implemented, ${firedExact.length} give the validator's rows exactly; ${rulesForYear(year).length} rules in all, ${exact.length} exact; differing: ${differing.join(', ') || 'none'}; ${Math.round(ms)} ms`,
    )
    t.comment(
      `${year} not implemented (fired): ${fired
        .filter((r) => !implemented.has(r.code))
        .map((r) => `${r.code}:${r.rows}`)
        .join(' ')}`,
    )
  })
}
