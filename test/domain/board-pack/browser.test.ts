// The pack in a real browser (Debian's chromium, driven by playwright-core): it renders with no console
// error and no request, and printed to A4 its content fits the page's width. A screenshot is written to
// .tap/board-pack.png (git-ignored) for a person to look at.
import { existsSync, mkdirSync } from 'node:fs'
import t from 'tap'
import { chromium } from 'playwright-core'
import { renderBoardPack } from '../../../src/domain/board-pack/page.ts'
import { packModel } from './model.ts'

const CHROMIUM = '/usr/bin/chromium'
/** A4 is 210 mm wide; less two 15 mm margins, 180 mm at 96 CSS px per inch. */
const A4_CONTENT_PX = Math.floor((180 / 25.4) * 96)

t.test('the pack renders cleanly in Chromium and fits an A4 page', { skip: existsSync(CHROMIUM) ? false : `no ${CHROMIUM}` }, async (t) => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  t.teardown(() => browser.close())
  const page = await browser.newPage({ viewport: { width: 794, height: 1123 } })
  const errors: string[] = []
  const requests: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('request', (r) => requests.push(r.url()))
  page.on('requestfailed', (r) => errors.push(`failed: ${r.url()}`))
  await page.setContent(renderBoardPack(packModel()), { waitUntil: 'load' })
  mkdirSync('.tap', { recursive: true })
  await page.screenshot({ path: '.tap/board-pack.png', fullPage: true })
  await page.emulateMedia({ media: 'print' })
  await page.setViewportSize({ width: A4_CONTENT_PX, height: 1000 })
  const pdf = await page.pdf({ format: 'A4' })
  t.ok(pdf.length > 10_000, 'printed to PDF')
  // Runs in the page: its globals are not in this project's (Node) types.
  const width = Number(await page.evaluate('document.documentElement.scrollWidth'))
  t.ok(width <= A4_CONTENT_PX, `content ${width}px wide fits ${A4_CONTENT_PX}px`)
  t.same(errors, [], 'no console errors or failed requests')
  t.same(requests, [], 'nothing fetched')
  t.equal(await page.locator('svg[role="img"]').count(), await page.locator('svg').count())
})
