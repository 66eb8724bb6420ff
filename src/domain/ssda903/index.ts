/** SSDA903 files: read the CSV set or the XML return into typed records and findings; write a year's CSV set. */
export type { TableDefinition, TableName } from './tables.ts'
export type { PermanenceDate } from './dates.ts'
export type {
  Ad1Record,
  Child903,
  MissingRecord,
  Oc2Facts,
  Oc2Record,
  Oc3Facts,
  Oc3Record,
  Parsed903,
  ParseRule,
  PlacedAdoptionRecord,
  PrevPermRecord,
  ReviewRecord,
  RowFinding,
  SocialWorkerEpisodeRecord,
} from './types.ts'
export { parse903Csv, read903CsvTables } from './parse-csv.ts'
export type { RawReturn, RawTable } from './assemble.ts'
export type { Manifest903, Upload903File } from './parse-csv.ts'
export { parse903Xml, read903XmlTables } from './parse-xml.ts'
export { build903Csv, EXPORT_FILES } from './export-csv.ts'
export type { Build903Options, Export903Child, Export903Tables, ExportFile } from './export-csv.ts'
