import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import t from 'tap'
import { directoryColumns, directoryRow, type DirectoryColumns } from '../../../src/domain/postcodes/onspd.ts'

// test/fixtures/onspd-fake.csv: made-up ZY postcodes and grid references in the directory's columns.
const records = parse(readFileSync(new URL('../../fixtures/onspd-fake.csv', import.meta.url)), { bom: true }) as string[][]

t.test('the four columns are found by name, wherever they are', async (t) => {
  const columns = directoryColumns(records[0] ?? [])
  t.same(columns, { postcode: 0, laua: 10, easting: 6, northing: 7 })
  t.same(directoryColumns(['PCD', 'osLaua', 'OSEAST1M', 'osnrth1m']), { postcode: 0, laua: 1, easting: 2, northing: 3 }, 'ONSPD names the district oslaua')
  // The header of directories since 2025: the district column is named by its year.
  const since2025 =
    'pcd7,pcd8,pcds,dointr,doterm,usrtypind,east1m,north1m,gridind,oa21cd,cty25cd,ced25cd,lad25cd,wd25cd,nhser24cd,ctry25cd,rgn25cd,' +
    'pcon24cd,ttwa15cd,itl25cd,npark16cd,lsoa21cd,msoa21cd,wz11cd,sicbl24cd,bua24cd,ruc21ind,oac11ind,lat,long,lep21cd1,lep21cd2,pfa23cd,imd20ind,icb23cd'
  t.same(directoryColumns(since2025.split(',')), { postcode: 0, laua: 12, easting: 6, northing: 7 })
  t.same(directoryColumns(['pcds', 'laua']), { missing: ['oseast1m or east1m', 'osnrth1m or north1m'] })
  t.same(directoryColumns(['pcds', 'ctry25cd', 'east1m', 'north1m']), { missing: ['laua or oslaua or lad..cd'] })
})

t.test('rows: postcodes normalised, rows without a grid reference skipped', async (t) => {
  const columns = directoryColumns(records[0] ?? []) as DirectoryColumns
  const rows = records.slice(1).map((r) => directoryRow(r, columns))
  t.same(rows[0], { postcode: 'ZY11AA', laua: 'E08000018', easting: 440000, northing: 390000 })
  t.equal(rows[4]?.postcode, 'Z11AA', 'a two-character outward code, padded in pcd')
  t.equal(rows[6]?.postcode, 'ZY101AA', 'a four-character outward code')
  t.equal(rows[8], null, 'no grid reference')
  t.equal(rows.filter((r) => r !== null).length, 8)
  const at = (over: Partial<Record<keyof DirectoryColumns, string>>) =>
    directoryRow([over.postcode ?? 'ZY1 1AA', over.laua ?? 'E08000018', over.easting ?? '1', over.northing ?? '2'], {
      postcode: 0,
      laua: 1,
      easting: 2,
      northing: 3,
    })
  t.equal(at({ postcode: 'not a postcode' }), null)
  t.equal(at({ easting: '12.5' }), null, 'grid references are whole metres')
  t.same(at({ laua: ' ' }), { postcode: 'ZY11AA', laua: null, easting: 1, northing: 2 }, 'a row without a district still places the postcode')
})
