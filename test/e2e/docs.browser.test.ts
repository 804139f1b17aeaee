/**
 * /docs in a real browser: headless Chromium (Debian's `chromium` package, which .ci/run installs), driven by
 * playwright-core. Skips, saying why, only where no Chromium is installed.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { mocks } from '../../mocks/index.js'
import { PACKAGE_ROOT } from '../../src/config.js'
import { CHROMIUM, NO_CHROMIUM as SKIPPED, openBrowser } from '../helpers/browser.js'
import { basicAuth, QA_CLIENT } from '../helpers/build-app.js'
import { listenTestApp } from '../helpers/listen.js'

/** Where the screenshot goes (test-output/ is ignored by git). */
const SCREENSHOT = `${PACKAGE_ROOT}test-output/docs/billingdata-try-it-out.png`

/** The drop-down's documents, in order: the five APIs, the token endpoint, the admin API. */
const DOCUMENTS = [...mocks.map((mock) => `/${mock.id}/openapi.json`), '/oauth/openapi.json', '/__admin/openapi.json']

interface OpenApiDocument {
  info: { title: string }
  paths: Record<string, Record<string, { operationId?: string, tags?: string[] }>>
}

/** The status and body the page shows for the last "Execute". */
async function shownResponse (page: Page, status: string): Promise<string> {
  const response = page.locator('.live-responses-table .response').filter({ has: page.locator('.response-col_status', { hasText: status }) })
  await response.waitFor()
  return await response.locator('.response-col_description pre').first().innerText()
}

describe.skipIf(CHROMIUM === undefined)(`/docs in headless Chromium${CHROMIUM === undefined ? ` (${SKIPPED})` : ''}`, () => {
  it('switches between the five APIs, the token endpoint and the admin API, each showing its operations', { timeout: 90_000 }, async () => {
    const { baseUrl } = await listenTestApp()
    const page = await (await openBrowser(CHROMIUM ?? '')).newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => { errors.push(error.message) })

    await page.goto(`${baseUrl}/docs`)
    const select = page.locator('.topbar select')
    await select.waitFor()

    const options = await select.locator('option').all()
    expect(await Promise.all(options.map(async (option) => await option.getAttribute('value')))).toEqual(DOCUMENTS)
    for (const url of DOCUMENTS) {
      const document = await (await fetch(`${baseUrl}${url}`)).json() as OpenApiDocument
      const operations = Object.values(document.paths).flatMap((item) => Object.values(item))

      await select.selectOption(url)

      await page.locator('.info .title', { hasText: document.info.title }).waitFor()
      for (const operation of operations) {
        await page.locator(`[id="operations-${operation.tags?.[0] ?? 'default'}-${operation.operationId ?? ''}"]`).waitFor()
      }
      expect(await page.locator('.opblock').count(), `${url}: one block per operation`).toBe(operations.length)
    }
    expect(errors).toEqual([])
  })

  it('runs billingdata\'s request through "Try it out": 401 without a token, 200 with the token given to "Authorize"', { timeout: 90_000 }, async () => {
    const { baseUrl } = await listenTestApp()
    const tokenAnswer = await fetch(`${baseUrl}/oauth/client_credential/accesstoken?grant_type=client_credentials`, { method: 'POST', headers: { authorization: basicAuth(QA_CLIENT.id, QA_CLIENT.secret) } })
    const { access_token: token } = await tokenAnswer.json() as { access_token: string }
    const page = await (await openBrowser(CHROMIUM ?? '')).newPage()
    await page.goto(`${baseUrl}/docs`)
    await page.locator('.topbar select').selectOption('/billingdata/openapi.json')
    const operation = page.locator('[id="operations-Facturas-getAllInvoices"]')

    await operation.locator('.opblock-summary-control').click()
    await operation.getByRole('button', { name: 'Try it out' }).click()
    await operation.getByRole('button', { name: 'Execute' }).click()
    const refused = await shownResponse(page, '401')

    await page.locator('.scheme-container button.authorize').click()
    const dialog = page.locator('.dialog-ux .modal-ux')
    await dialog.getByRole('textbox').fill(token) // the bearer scheme's "Value:"
    await dialog.getByRole('button', { name: 'Apply credentials' }).click() // the dialog's "Authorize"
    await dialog.getByRole('button', { name: 'Close', exact: true }).click()
    await operation.getByRole('button', { name: 'Execute' }).click()
    const answered = await shownResponse(page, '200')

    expect(JSON.parse(refused)).toMatchObject({ status: 'error', message: expect.stringMatching(/token/i) })
    expect(JSON.parse(answered)).toMatchObject({ status: 'éxito', Datos: expect.arrayContaining([expect.objectContaining({ customerName: 'Revendedor 1' })]) })
    expect(await operation.locator('.curl-command').innerText()).toContain(`Authorization: Bearer ${token}`)
    const journal = await (await fetch(`${baseUrl}/__admin/requests?path=/billingdata/api/v1.0/billingdata`)).json() as { requests: Array<{ status: number }> }
    expect(journal.requests.map((request) => request.status)).toEqual([200, 401])

    mkdirSync(join(SCREENSHOT, '..'), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    expect(existsSync(SCREENSHOT)).toBe(true)
  })
})
