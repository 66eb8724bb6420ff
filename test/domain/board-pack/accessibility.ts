/**
 * The board pack's accessibility and self-containment rules, checked on the HTML text (no parser is
 * needed: the page is made by our own functions, so its markup is regular). Returns the problems found.
 */
export function packProblems(html: string): string[] {
  const problems: string[] = []
  if (!/^<!DOCTYPE html>\s*<html lang="en-GB">/.test(html)) problems.push('the page does not start with a doctype and <html lang>')
  // Headings in order: one h1 first, and never a level skipped going down.
  const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]))
  if (levels[0] !== 1 || levels.filter((l) => l === 1).length !== 1) problems.push(`headings must start with the only h1: ${levels.slice(0, 5).join(',')}`)
  levels.forEach((l, i) => {
    if (i > 0 && l > (levels[i - 1] as number) + 1) problems.push(`heading h${l} follows h${levels[i - 1]} (heading ${i + 1})`)
  })
  // Tables: a caption, column headers, and every header cell scoped.
  for (const [t] of html.matchAll(/<table[\s>][\s\S]*?<\/table>/g)) {
    if (!/<caption>[^<]/.test(t)) problems.push(`a table without a caption: ${t.slice(0, 80)}`)
    if (!/<thead><tr><th scope="col">/.test(t)) problems.push(`a table without column headers: ${t.slice(0, 80)}`)
    for (const [th] of t.matchAll(/<th(\s[^>]*)?>/g)) if (!/scope="(col|row|colgroup|rowgroup)"/.test(th)) problems.push(`a header cell without scope: ${th}`)
    if (/<td[\s>]/.test(t) && !/<th scope="row">/.test(t)) problems.push(`a table's rows have no row header: ${t.slice(0, 80)}`)
  }
  // Charts: images with a title and a description, named by aria-labelledby.
  for (const [svg] of html.matchAll(/<svg[\s\S]*?<\/svg>/g)) {
    const open = svg.slice(0, svg.indexOf('>') + 1)
    if (!open.includes('role="img"')) problems.push(`an svg without role="img": ${open}`)
    const title = /<title id="([^"]+)">[^<]+<\/title>/.exec(svg)
    const desc = /<desc id="([^"]+)">[^<]+<\/desc>/.exec(svg)
    if (!title || !desc) problems.push(`an svg without a title and a desc: ${open}`)
    else if (!open.includes(`aria-labelledby="${title[1]} ${desc[1]}"`)) problems.push(`an svg not labelled by its title and desc: ${open}`)
  }
  // Colour is never alone: each RAG badge and direction carries words.
  for (const [, words] of html.matchAll(/<span class="rag rag-[a-z]+">([^<]*)<\/span>/g))
    if (!/[A-Za-z]{3,}/.test(words ?? '')) problems.push('a RAG badge without words')
  for (const [, inner] of html.matchAll(/<span class="dir dir-[a-z]+">((?:<span aria-hidden="true">[^<]*<\/span> )?)([^<]*)<\/span>/g))
    if (inner === undefined) problems.push('a direction without words')
  // Self-contained: no script, nothing fetched, links only within the page.
  if (/<script|<iframe|<img|<link|<object|<embed|@import|url\(/i.test(html)) problems.push('the page loads or runs something')
  if (/(https?:)?\/\/[a-z0-9]/i.test(html.replace(/<desc[^>]*>[^<]*<\/desc>/g, ''))) problems.push('the page holds a URL')
  for (const [, href] of html.matchAll(/href="([^"]*)"/g)) if (!href?.startsWith('#')) problems.push(`a link out of the page: ${href}`)
  // Every in-page link lands, and ids are unique.
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string)
  const seen = new Set<string>()
  for (const id of ids) {
    if (seen.has(id)) problems.push(`id used twice: ${id}`)
    seen.add(id)
  }
  for (const [, href] of html.matchAll(/href="#([^"]*)"/g)) if (!seen.has(href as string)) problems.push(`a link to no element: #${href}`)
  return problems
}
