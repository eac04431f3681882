// The page check every page test shares: axe finds nothing serious, and at 390 px nothing is
// wider than the screen.
import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }

/** The page as loaded now: axe finds nothing serious, and at 390 px nothing is wider than the screen. */
export async function expectCleanPage(page: Page, label: string): Promise<void> {
  await page.setViewportSize(DESKTOP)
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
  // Soft: one run lists every page's problems, not only the first.
  expect.soft(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), label).toEqual([])
  await page.setViewportSize(PHONE)
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
  expect.soft(widths.scroll, `${label} scrolls sideways at 390 px`).toBeLessThanOrEqual(widths.client)
  await page.setViewportSize(DESKTOP)
}
