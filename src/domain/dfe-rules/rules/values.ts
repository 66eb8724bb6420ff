/**
 * Rules on one value of a row: a date that must be a date, a code that must be on the year's list
 * (the service's code lists, src/domain/code-lists, which are the DfE's), items coded all or none.
 */
import { isValidCodeInYear, type CodeField } from '../../code-lists/index.ts'
import type { TableName } from '../../ssda903/tables.ts'
import { parseDmy } from '../dates.ts'
import { codes, isIn, rule, where } from '../shared.ts'
import type { DfeRule, Row } from '../types.ts'
import { ADOPTION_FIELDS } from './ad1.ts'
import { anyOc3 } from './oc3.ts'

const given = (r: Row, c: string): boolean => (r[c] ?? null) !== null

/** A date column that must hold a real DD/MM/YYYY date (blank allowed unless `required`). */
const validDate = (code: string, message: string, table: TableName, column: string, required = false): DfeRule =>
  rule({
    code,
    message,
    tables: [table],
    fields: [column],
    check: (ctx) => where(ctx, table, (r) => (required || given(r, column)) && Number.isNaN(parseDmy(r[column] ?? null))),
  })

/** A coded column that must hold a code of the year's list (blank allowed unless `required`). */
const validCode = (code: string, message: string, table: TableName, column: string, field: CodeField, required = false): DfeRule =>
  rule({
    code,
    message,
    tables: [table],
    fields: [column],
    check: (ctx) =>
      where(ctx, table, (r) => {
        const v = r[column] ?? null
        return v === null ? required : !isValidCodeInYear(field, v, ctx.year)
      }),
  })

/** Columns given all together or not at all. */
const allOrNone = (code: string, message: string, table: TableName, columns: readonly string[]): DfeRule =>
  rule({
    code,
    message,
    tables: [table],
    fields: columns,
    check: (ctx) =>
      where(ctx, table, (r) => {
        const n = columns.filter((c) => given(r, c)).length
        return n > 0 && n < columns.length
      }),
  })

export const valueRules: DfeRule[] = [
  validDate('102', 'Date of birth is not a valid date.', 'Header', 'DOB', true),
  validCode('103', 'The ethnicity code is either not valid or has not been entered.', 'Header', 'ETHNIC', 'ethnicity', true),
  validDate('112', 'Date should be placed for adoption is not a valid date.', 'AD1', 'DATE_INT'),
  validDate('113', 'Date matching child and adopter(s) is not a valid date.', 'AD1', 'DATE_MATCH'),
  rule({
    code: '114',
    message: 'Data entry to record the status of former carer(s) of an adopted child is invalid.',
    tables: ['AD1'],
    fields: ['FOSTER_CARE'],
    check: (ctx) => where(ctx, 'AD1', (r) => given(r, 'FOSTER_CARE') && !isIn(r['FOSTER_CARE'] ?? null, codes('0', '1'))),
  }),
  validDate('115', "Date of Local Authority's (LA) decision that a child should be placed for adoption is not a valid date.", 'PlacedAdoption', 'DATE_PLACED'),
  validDate(
    '116',
    "Date of Local Authority's (LA) decision that a child should no longer be placed for adoption is not a valid date.",
    'PlacedAdoption',
    'DATE_PLACED_CEASED',
  ),
  allOrNone(
    '119',
    'If the decision is made that a child should no longer be placed for adoption, then the date of this decision and the reason why this decision was made must be completed.',
    'PlacedAdoption',
    ['REASON_PLACED_CEASED', 'DATE_PLACED_CEASED'],
  ),
  validCode('131', 'Data entry for being in touch after leaving care is invalid.', 'OC3', 'IN_TOUCH', 'inTouch', true),
  rule({
    code: '134',
    message: 'Data on adoption should not be entered for the OC3 cohort.',
    tables: ['OC3', 'AD1'],
    fields: ['IN_TOUCH', 'ACTIV', 'ACCOM', ...ADOPTION_FIELDS],
    check: (ctx) => {
      if (!ctx.has('OC3', 'AD1')) return {}
      const oc3 = ctx.rows('OC3')
      const byChild = ctx.byChild('OC3')
      return where(ctx, 'AD1', (r) => ADOPTION_FIELDS.some((f) => given(r, f)) && (byChild.get(r['CHILD'] ?? '') ?? []).some((o) => anyOc3(oc3[o] as Row)))
    },
  }),
  validDate('141', 'Date episode began is not a valid date.', 'Episodes', 'DECOM'),
  validCode('143', 'The reason for new episode code is not a valid code.', 'Episodes', 'RNE', 'reasonNewEpisode'),
  validCode('144', 'The legal status code is not a valid code.', 'Episodes', 'LS', 'legalStatus'),
  validCode('145', 'Category of need code is not a valid code.', 'Episodes', 'CIN', 'categoryOfNeed'),
  validDate('147', 'Date episode ceased is not a valid date.', 'Episodes', 'DEC'),
  validCode('149', 'Reason episode ceased code is not valid.', 'Episodes', 'REC', 'reasonEnded'),
  // Every adoption item or none; the DfE names NB_ADOPTR 'NB_ADOPTER' in this rule's fields.
  allOrNone('151', 'All data items relating to a childs adoption must be coded or left blank.', 'AD1', ADOPTION_FIELDS),
  allOrNone('153', "All data items relating to a child's activity or accommodation after leaving care must be coded or left blank.", 'OC3', [
    'IN_TOUCH',
    'ACTIV',
    'ACCOM',
  ]),
]
