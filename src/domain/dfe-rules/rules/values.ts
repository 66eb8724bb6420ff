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
import { OC2_ITEMS } from './oc2.ts'
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

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** A column that, when given, holds one of a few codes. */
const oneOf = (code: string, message: string, table: TableName, column: string, allowed: ReadonlySet<string>): DfeRule =>
  rule({
    code,
    message,
    tables: [table],
    fields: [column],
    check: (ctx) => where(ctx, table, (r) => given(r, column) && !isIn(r[column] ?? null, allowed)),
  })

/** 174: a mother's child's date of birth for a boy (sex codes by year). */
const motherOfMale = (message: string, from: number, to: number | null, male: string): DfeRule =>
  rule({
    code: '174',
    message,
    tables: ['Header'],
    fields: ['SEX', 'MC_DOB'],
    from,
    to,
    check: (ctx) => where(ctx, 'Header', (r) => r['SEX'] === male && given(r, 'MC_DOB')),
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
  validDate('166', 'Date of review is invalid or blank.', 'Reviews', 'REVIEW', true),
  rule({
    code: '167',
    message: 'Data entry for participation is invalid or blank.',
    tables: ['Reviews'],
    fields: ['REVIEW_CODE'],
    // A review needs a participation code; a row with neither is let be.
    check: (ctx) =>
      where(ctx, 'Reviews', (r) => (given(r, 'REVIEW') ? !isValidCodeInYear('reviewCode', r['REVIEW_CODE'] ?? '', ctx.year) : given(r, 'REVIEW_CODE'))),
  }),
  validDate('171', "Date of birth of mother's child is not a valid date.", 'Header', 'MC_DOB'),
  motherOfMale("Mother's child date of birth is recorded but gender shows that the child is a male.", 2024, 2024, '1'),
  motherOfMale("Mother's child date of birth is recorded but sex shows that the child is a male.", 2025, null, 'M'),
  oneOf('175', 'The number of adopter(s) code is not a valid code.', 'AD1', 'NB_ADOPTR', codes('1', '2')),
  oneOf('176', 'The gender of adopter(s) at the date of adoption code is not a valid code.', 'AD1', 'SEX_ADOPTR', codes('M1', 'F1', 'MM', 'FF', 'MF')),
  oneOf('177', 'The legal status of adopter(s) code is not a valid code.', 'AD1', 'LS_ADOPTR', codes('L0', 'L11', 'L12', 'L2', 'L3', 'L4')),
  rule({
    code: '180',
    message: 'Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.',
    tables: ['OC2'],
    fields: ['SDQ_SCORE'],
    check: (ctx) =>
      where(ctx, 'OC2', (r) => {
        const v = r['SDQ_SCORE'] ?? null
        if (v === null) return false
        // A number from 0 to 40 in any form a spreadsheet writes it ('12', '12.0').
        const n = NUMBER.test(v) ? Number(v) : NaN
        return !(Number.isInteger(n) && n >= 0 && n <= 40)
      }),
  }),
  rule({
    code: '181',
    message: 'Data items relating to children looked after continuously for 12 months should be completed with a 0 or 1.',
    tables: ['OC2'],
    fields: OC2_ITEMS,
    check: (ctx) => where(ctx, 'OC2', (r) => OC2_ITEMS.some((c) => given(r, c) && !isIn(r[c] ?? null, codes('0', '1')))),
  }),
  rule({
    code: '182',
    message:
      'Data entries on immunisations, teeth checks, health assessments and substance misuse problem identified should be completed or all OC2 fields should be left blank.',
    tables: ['OC2'],
    fields: [
      'IMMUNISATIONS',
      'TEETH_CHECK',
      'HEALTH_ASSESSMENT',
      'SUBSTANCE_MISUSE',
      'CONVICTED',
      'HEALTH_CHECK',
      'INTERVENTION_RECEIVED',
      'INTERVENTION_OFFERED',
    ],
    // One of the four core items missing while another OC2 item is given.
    check: (ctx) =>
      where(
        ctx,
        'OC2',
        (r) =>
          ['IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE'].some((c) => !given(r, c)) &&
          ['CONVICTED', 'HEALTH_CHECK', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'].some((c) => given(r, c)),
      ),
  }),
]
