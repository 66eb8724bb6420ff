import { Type, type TString } from '@sinclair/typebox'
import { Nullable } from './schemas.ts'

/**
 * Paging a long list, with one vocabulary everywhere: `limit` and `cursor` in; `items` and
 * `nextCursor` out. Pass `nextCursor` back as `cursor` for the next page; it is null on the last.
 * A cursor is the sort key of the last item of a page, and a page is what follows it. The query
 * reads one row more than the page (rowsToFetch), so pageOf can tell whether another page follows.
 *
 * A list that had an older parameter name keeps it as a documented alias (cursorAlias), so clients
 * written against it keep working; `cursor` wins when both are sent (the route reads `cursor ?? alias`).
 */

/** The default cursor: an opaque token (a child id, an encoded key). A list whose keys differ gives its own. */
const CURSOR = Type.String({ pattern: '^[A-Za-z0-9._-]{1,200}$', description: 'The nextCursor of the previous page.' })

export interface PageQueryOptions {
  /** Items per page when the request names none. Default 100. */
  defaultLimit?: number
  /** The most a request may ask for. Default 1000. */
  maxLimit?: number
  /** The cursor's schema (its pattern bounds what reaches the database). Default CURSOR. */
  cursor?: TString
}

/** The query parameters of a paged list: `limit` and `cursor`. Spread them into the list's querystring. */
export function pageQuery(options: PageQueryOptions = {}) {
  const { defaultLimit = 100, maxLimit = 1000, cursor = CURSOR } = options
  return {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxLimit, default: defaultLimit, description: 'Items per page.' })),
    cursor: Type.Optional(cursor),
  }
}

/** The common case: up to 1,000 items a page, 100 by default, an opaque cursor. */
export const PageQuery = pageQuery()

/** The page's link to the next: spread beside `items` in the list's answer. */
export const PageInfo = {
  nextCursor: Nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last page.' })),
}

/** The description of a parameter kept under its older name: what it holds, and that it is an alias of cursor. */
export const cursorAlias = (holds: string): string => `${holds} An alias of cursor, kept for clients written before it; cursor wins when both are sent.`

/** The rows a list query reads for a page: one more than the page, to know whether another follows. */
export const rowsToFetch = (limit: number): number => limit + 1

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** Cuts the rows read (rowsToFetch) to the page, and names the cursor of the next page when there is one. */
export function pageOf<T>(rows: readonly T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null }
}
