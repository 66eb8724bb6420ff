import type { ColumnType, Generated } from 'kysely'

/** A timestamptz column: written as a Date or ISO string, read as a Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>
/** A timestamptz column the database fills in. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>
/** A `date` column: kept as 'YYYY-MM-DD' (see the type parser in connect.ts). */
export type DateString = string
/** A jsonb column. */
export type Json<T> = ColumnType<T, string, string>

export type { Generated }
