/**
 * Headless Chromium (Debian's `chromium` package, which .ci/run installs) driven by playwright-core, for the
 * tests of pages the server serves (/docs, the QA console).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'
import { onTestFinished } from 'vitest'

/** `CHROMIUM_PATH`, else the first browser binary found where Debian and others install it. */
export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
  .find((path): path is string => path !== undefined && path !== '' && existsSync(path))

export const NO_CHROMIUM = 'skipped: no Chromium found (install Debian\'s package: apt-get install -y chromium, or set CHROMIUM_PATH)'

/**
 * A headless Chromium with a fresh profile, closed (and its profile removed) when the test finishes.
 * @example
 * const page = await (await openBrowser(CHROMIUM ?? '')).newPage()
 */
export async function openBrowser (executablePath: string): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'billing-mocks-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    // Without the networking flags Chromium keeps calling Google's services, which a closed network refuses.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  // A step that cannot happen fails within this, naming the element it waited for.
  context.setDefaultTimeout(20_000)
  onTestFinished(async () => {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  })
  return context
}
