/** The ONS Postcode Directory as loaded (migrations/0012_postcodes.ts): replaced whole by each load. */
export interface PostcodesTable {
  /** Without spaces, upper case. */
  postcode: string
  /** The local authority district (ONS code). */
  laua: string | null
  easting: number
  northing: number
}
