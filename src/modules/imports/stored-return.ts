/**
 * The stored data's 903 return for a year, as the export builds it: what the composition root
 * (src/app.ts) hands to the data-quality module, whose rules must see exactly what the export sends.
 */
export { childrenForExport as storedReturn } from './queries.ts'
