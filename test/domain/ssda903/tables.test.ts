import t from 'tap'
import { fieldName, recogniseTable, requiredColumns, tableForColumns, tableForFileName, tableNames, TABLES } from '../../../src/domain/ssda903/tables.ts'

t.test('the tables and their columns, verbatim from the DfE validator config', async (t) => {
  t.same(tableNames, ['Header', 'Episodes', 'Reviews', 'UASC', 'OC2', 'OC3', 'AD1', 'PlacedAdoption', 'PrevPerm', 'Missing', 'SWEpisodes'])
  t.same(TABLES.Header.columns, ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'])
  t.same(TABLES.Episodes.columns, [
    'CHILD',
    'DECOM',
    'RNE',
    'LS',
    'CIN',
    'PLACE',
    'PLACE_PROVIDER',
    'DEC',
    'REC',
    'REASON_PLACE_CHANGE',
    'HOME_POST',
    'PL_POST',
    'URN',
  ])
  t.same(TABLES.Reviews.columns, ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'])
  t.same(TABLES.UASC.columns, ['CHILD', 'SEX', 'DOB', 'DUC'])
  t.same(TABLES.OC2.columns, [
    'CHILD',
    'DOB',
    'SDQ_SCORE',
    'SDQ_REASON',
    'CONVICTED',
    'HEALTH_CHECK',
    'IMMUNISATIONS',
    'TEETH_CHECK',
    'HEALTH_ASSESSMENT',
    'SUBSTANCE_MISUSE',
    'INTERVENTION_RECEIVED',
    'INTERVENTION_OFFERED',
  ])
  t.same(TABLES.OC3.columns, ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'])
  t.same(TABLES.AD1.columns, ['CHILD', 'DOB', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'])
  t.same(TABLES.PlacedAdoption.columns, ['CHILD', 'DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'])
  t.same(TABLES.PrevPerm.columns, ['CHILD', 'DOB', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'])
  t.same(TABLES.Missing.columns, ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'])
  t.same(TABLES.SWEpisodes.columns, ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'])
  t.ok(Object.isFrozen(TABLES.Episodes.columns))
})

t.test('required columns leave out only what the service does not read', async (t) => {
  t.same(requiredColumns('Header'), ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN'])
  t.same(requiredColumns('Episodes'), TABLES.Episodes.columns, 'a missing DEC would read every episode as open')
  t.same(requiredColumns('UASC'), ['CHILD', 'DUC'])
  t.same(requiredColumns('PrevPerm'), ['CHILD', 'PREV_PERM', 'DATE_PERM'])
})

t.test('file names are recognised whatever their case or folder', async (t) => {
  t.equal(tableForFileName('header.csv'), 'Header')
  t.equal(tableForFileName('Episodes.CSV'), 'Episodes')
  t.equal(tableForFileName('uploads/2025/UASC.csv'), 'UASC')
  t.equal(tableForFileName('C:\\exports\\placed_for_adoption.csv'), 'PlacedAdoption')
  t.equal(tableForFileName(' previous_permanence.csv '), 'PrevPerm')
  t.equal(tableForFileName('sw_episodes.csv'), 'SWEpisodes')
  t.equal(tableForFileName('ad1.csv'), 'AD1')
  t.equal(tableForFileName('oc2.csv'), 'OC2')
  t.equal(tableForFileName('oc3.csv'), 'OC3')
  t.equal(tableForFileName('missing.csv'), 'Missing')
  t.equal(tableForFileName('reviews.csv'), 'Reviews')
  t.equal(tableForFileName('episodes_2025.csv'), null)
  t.equal(tableForFileName('header.xlsx'), null)
})

t.test('an unknown name is recognised by its header row', async (t) => {
  t.equal(
    tableForColumns(['child', 'decom', 'rne', 'ls', 'cin', 'place', 'place_provider', 'dec', 'rec', 'reason_place_change', 'home_post', 'pl_post', 'urn']),
    'Episodes',
  )
  t.equal(tableForColumns(['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB']), 'Header')
  t.equal(tableForColumns(['CHILD', 'SEX', 'DOB', 'DUC']), 'UASC', 'not Header, which needs ETHNIC and UPN')
  t.equal(tableForColumns(['CHILD', 'DUC']), 'UASC')
  t.equal(tableForColumns(['CHILD', 'REVIEW', 'REVIEW_CODE', 'NOTES']), 'Reviews', 'an extra column is allowed')
  t.equal(tableForColumns(['CHILD', 'SEX', 'DOB']), null, 'no table has all its columns')
  t.equal(tableForColumns([]), null)
  t.equal(tableForColumns(['CHILD', 'DUC', 'REVIEW', 'REVIEW_CODE']), 'Reviews', 'the closer fit: 3 known, 1 not')
  // UASC and Reviews each know four of these columns and not two.
  t.equal(tableForColumns(['CHILD', 'SEX', 'DOB', 'DUC', 'REVIEW', 'REVIEW_CODE']), null, 'ambiguous')
  t.equal(recogniseTable('export.csv', ['CHILD', 'IN_TOUCH', 'ACTIV', 'ACCOM']), 'OC3')
  t.equal(recogniseTable('oc2.csv', ['CHILD', 'IN_TOUCH', 'ACTIV', 'ACCOM']), 'OC2', 'the name wins')
})

t.test('fieldName gives the camelCase name', async (t) => {
  t.equal(fieldName('DECOM'), 'startDate')
  t.equal(fieldName('PL_POST'), 'placementPostcode')
  t.equal(fieldName('ACCOM'), 'accommodation')
  t.equal(fieldName('SOMETHING'), 'SOMETHING')
})
