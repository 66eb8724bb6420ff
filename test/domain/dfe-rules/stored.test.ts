// The DfE rules over the stored data (src/domain/dfe-rules/stored.ts): the export's rows read without
// their CSV text, each finding's identity, and the hash an acknowledgement is bound to.
import t from 'tap'
import { rulesForYear } from '../../../src/domain/dfe-rules/registry.ts'
import { exportedReturn, keyedValidation, needsPreviousYear, rowKeys, valuesHash } from '../../../src/domain/dfe-rules/stored.ts'
import { returnTables } from '../../../src/domain/dfe-rules/validate.ts'
import { build903Csv, type Export903Child } from '../../../src/domain/ssda903/export-csv.ts'
import { read903CsvTables } from '../../../src/domain/ssda903/parse-csv.ts'
import { exportEpisode, exportHeader } from '../ssda903/export-fixtures.ts'

const oc2 = {
  sdqScore: 12,
  sdqReason: null,
  convicted: false,
  healthCheck: true,
  immunisations: null,
  teethCheck: true,
  healthAssessment: false,
  substanceMisuse: false,
  interventionReceived: null,
  interventionOffered: null,
}
const children: Export903Child[] = [
  {
    header: exportHeader({ childId: 'B1', sex: 'm', upn: ' a123456789012 ', uasc: true, uascCeasedOn: '2024-09-01' }),
    episodes: [
      exportEpisode({ startDate: '2023-02-01', endDate: '2024-05-01', reasonEnded: 'X1', reasonPlaceChange: 'CARPL', homePostcode: 'S60 2TH' }),
      exportEpisode({ startDate: '2024-05-01', placementType: 'u1', placementPostcode: 'S65, 1AA' }),
    ],
    oc2,
    mother: { mother: true, motherChildDateOfBirth: '2024-01-10' },
    tables: {
      reviews: [
        { reviewDate: '2024-06-01', reviewCode: 'PN1' },
        { reviewDate: '2024-06-01', reviewCode: 'PN1' },
      ],
      missingEpisodes: [{ missingType: 'M', startDate: '2024-07-01', endDate: '2024-07-02' }],
      socialWorkerEpisodes: [{ socialWorkerId: 'SW"1', startDate: '2024-04-01', endDate: null, reason: null }],
    },
  },
  { header: exportHeader({ childId: 'B2' }), episodes: [exportEpisode({ startDate: '2024-08-01' })] },
]

t.test("the export's rows read without their text are the export's files read back as the validator reads them", async (t) => {
  for (const year of [2025, 2026]) {
    const files = build903Csv(children, year)
    const viaText = returnTables(read903CsvTables(Object.entries(files).map(([name, content]) => ({ name, content }))).tables)
    t.same(exportedReturn(children, year), viaText, `${year}`)
  }
  const header = exportedReturn(children, 2025).Header?.rows[0]
  t.match(header, { CHILD: 'B1', SEX: 'M', UPN: 'A123456789012', MOTHER: '1', MC_DOB: '10/01/2024' })
})

t.test('a row keeps its identity when rows before it come or go; two rows alike are told apart', async (t) => {
  const tables = exportedReturn(children, 2025)
  t.same(rowKeys('Header', tables.Header as never), ['-', '-'])
  t.same(rowKeys('Episodes', tables.Episodes as never), ['01/02/2023', '01/05/2024', '01/08/2024'])
  t.same(rowKeys('Reviews', tables.Reviews as never), ['01/06/2024', '01/06/2024#2'])
  const without = exportedReturn([children[1] as Export903Child], 2025)
  t.same(rowKeys('Episodes', without.Episodes as never), ['01/08/2024'], "B2's episode: row 2 before, row 0 now, the same key")
  t.same(rowKeys('Header', { columns: ['CHILD'], rows: [{ CHILD: null }] }), ['@0'], 'a row with no child: by its index')
})

t.test('the hash an acknowledgement is bound to follows the values, not their order', async (t) => {
  t.equal(valuesHash({ PLACE: 'R2', PLACE_PROVIDER: 'PR1' }), valuesHash({ PLACE_PROVIDER: 'PR1', PLACE: 'R2' }))
  t.not(valuesHash({ PLACE: 'R2', PLACE_PROVIDER: 'PR1' }), valuesHash({ PLACE: 'R5', PLACE_PROVIDER: 'PR1' }))
  t.not(valuesHash({ UPN: null }), valuesHash({ UPN: '' }))
})

t.test('keyed findings: each with its row key, hash and rule order', async (t) => {
  const { keyed, findings } = keyedValidation(exportedReturn(children, 2025), 2025)
  t.equal(keyed.length, findings.length)
  for (const f of keyed) {
    t.type(f.rowKey, 'string')
    t.equal(f.valuesHash, valuesHash(f.values))
  }
  t.ok(
    keyed.every((f, i) => i === 0 || (keyed[i - 1] as { ruleSeq: number }).ruleSeq <= f.ruleSeq),
    'in rule order',
  )
})

t.test('the stored data with its previous year: the years built from one history agree; a changed history is flagged', async (t) => {
  t.ok(needsPreviousYear(rulesForYear(2025)), 'the 2024-25 set has rules on the previous year')
  const history: Export903Child[] = [
    {
      header: exportHeader({ childId: 'P1' }),
      episodes: [exportEpisode({ startDate: '2024-02-01', placementType: 'U1' })],
      oc2: null,
      mother: null,
    },
  ]
  const previousCodes = new Set(
    rulesForYear(2025)
      .filter((r) => r.previousYear === true)
      .map((r) => r.code),
  )
  const fired = (previous: Export903Child[]) =>
    keyedValidation(exportedReturn(history, 2025), 2025, exportedReturn(previous, 2024))
      .keyed.filter((f) => previousCodes.has(f.rule))
      .map((f) => `${f.rule} ${f.table}:${f.rowKey}`)
  t.same(fired(history), [], 'the open episode runs on from 2023-24 unchanged')
  const changed: Export903Child[] = [{ ...(history[0] as Export903Child), episodes: [exportEpisode({ startDate: '2024-02-01', placementType: 'U3' })] }]
  t.same(fired(changed), ['503D Episodes:01/02/2024'], 'last year it was U3: the first episode of this year is keyed by its DECOM')
})
