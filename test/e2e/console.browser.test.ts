/**
 * The QA console (/__admin/console) in headless Chromium: a tester switches a scenario on with clicks, sends
 * a request, sees it fail in the live journal, switches it off and sees the next one succeed; previews an
 * invoice's PDF and XML; opens a journalled answer's file; reloads fixtures and sees why a broken file was
 * refused; gives the admin token when the server has one. Skips, saying why, only where no Chromium is installed.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { PACKAGE_ROOT } from '../../src/config.js'
import { CHROMIUM, NO_CHROMIUM, openBrowser } from '../helpers/browser.js'
import { listenTestApp } from '../helpers/listen.js'
import { DEFAULT_FIXTURES, tempFixtures } from '../helpers/temp-fixtures.js'

/** Where the screenshot goes (test-output/ is ignored by git). */
const SCREENSHOT = `${PACKAGE_ROOT}test-output/console/console.png`

async function openConsole (baseUrl: string): Promise<{ page: Page, errors: string[] }> {
  const page = await (await openBrowser(CHROMIUM ?? '')).newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => { errors.push(error.message) })
  await page.goto(`${baseUrl}/__admin/console`)
  await page.getByRole('heading', { name: 'APIs' }).waitFor()
  return { page, errors }
}

describe.skipIf(CHROMIUM === undefined)(`the QA console in headless Chromium${CHROMIUM === undefined ? ` (${NO_CHROMIUM})` : ''}`, () => {
  it('activates a scenario by clicking, shows the failing request live, and the next one succeed once it is off', { timeout: 90_000 }, async () => {
    const { baseUrl } = await listenTestApp()
    const { page, errors } = await openConsole(baseUrl)
    await page.getByRole('status').filter({ hasText: 'live' }).first().waitFor()

    // Find masstack's "account not found" in the catalogue and switch it on.
    await page.getByLabel('Search scenarios').fill('ACCOUNT_NOT_FOUND')
    await page.getByLabel('API', { exact: true }).first().selectOption('masstack')
    await page.getByRole('button', { name: 'Activate…' }).first().click()
    await page.getByRole('button', { name: 'Activate ACCOUNT_NOT_FOUND' }).click()
    await page.locator('tr[data-activation="ACCOUNT_NOT_FOUND"]').waitFor()

    // masstack's example request, sent from the page, fails; the live journal shows it with its scenario.
    await page.locator('button[data-send="masstack"]').click()
    await expect.poll(async () => await page.locator('output[data-result="masstack"]').innerText()).toMatch(/^404/)
    const failed = page.locator('tr.failed', { has: page.locator('td[data-status="404"]') })
    await failed.waitFor()
    expect(await failed.innerText()).toContain('ACCOUNT_NOT_FOUND')
    await failed.locator('button').click()
    expect(await page.getByRole('article', { name: /^Request/ }).innerText()).toContain('answered by scenario ACCOUNT_NOT_FOUND (admin)')

    // Off again: the next request succeeds, and the journal shows that too.
    await page.getByRole('button', { name: 'Deactivate ACCOUNT_NOT_FOUND' }).click()
    await page.getByTestId('no-activations').waitFor()
    await page.locator('button[data-send="masstack"]').click()
    await expect.poll(async () => await page.locator('output[data-result="masstack"]').innerText()).toMatch(/^200/)
    await page.locator('td[data-status="200"]').first().waitFor()

    const journal = await (await fetch(`${baseUrl}/__admin/requests?api=masstack`)).json() as { requests: Array<{ status: number }> }
    expect(journal.requests.map((request) => request.status)).toEqual([200, 404])
    expect(errors).toEqual([])

    // The page renders: a full screenshot of a page with content, not a blank one.
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    const png = readFileSync(SCREENSHOT)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(png.readUInt32BE(16)).toBe(1280)
    expect(png.readUInt32BE(20)).toBeGreaterThan(900)
    expect(png.length).toBeGreaterThan(60_000)
  })

  it('previews an invoice\'s PDF and XML, opens a journalled answer\'s PDF, and copies a request as curl with a fresh token', { timeout: 90_000 }, async () => {
    const { baseUrl } = await listenTestApp()
    const { page, errors } = await openConsole(baseUrl)

    await page.getByLabel('Customer (hn-billing fixtures)').selectOption({ index: 0 })
    await page.getByRole('button', { name: 'Preview PDF' }).click()
    const frame = page.locator('iframe[title="Invoice PDF"]')
    await frame.waitFor()
    expect(await frame.getAttribute('src')).toMatch(/^blob:/)
    await page.getByRole('button', { name: 'Show XML' }).click()
    expect(await page.getByLabel('Invoice XML').innerText()).toContain('<Invoice')

    // The PDF request is in the journal: its file opens in a new tab as a PDF.
    const pdfRequest = page.locator('button[data-request]', { hasText: 'typeResult=PDF' }).first()
    await pdfRequest.click()
    const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Download its file' }).click()])
    expect(tab.url()).toMatch(/^blob:/)
    const opened = await page.evaluate(async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer()).subarray(0, 5).reduce((text, byte) => text + String.fromCharCode(byte), ''), tab.url())
    expect(opened).toBe('%PDF-')

    await page.locator('.example', { hasText: 'billingdata' }).getByRole('button', { name: 'Copy as curl' }).click()
    const command = await page.getByLabel('curl command').innerText()
    expect(command).toContain(`'${baseUrl}/billingdata/api/v1.0/billingdata?page=1&page_size=10'`)
    const token = /authorization: Bearer (\S+)'/.exec(command)?.[1] ?? ''
    expect((await fetch(`${baseUrl}/billingdata/api/v1.0/billingdata`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    expect(errors).toEqual([])
  })

  it('reloads the fixtures, and shows why a broken file was refused while the old fixtures stay', { timeout: 90_000 }, async () => {
    const fixtures = tempFixtures()
    const mine = fixtures.write('mine.yaml', ['clients:', '  - clientId: console-client', '    clientSecret: console-secret'])
    const { baseUrl } = await listenTestApp({ fixtures: [DEFAULT_FIXTURES, mine] })
    const { page } = await openConsole(baseUrl)

    await page.getByRole('button', { name: 'Reload fixtures' }).click()
    await page.getByText('Reloaded at').waitFor()

    fixtures.write('mine.yaml', ['clients: [oops'])
    await page.getByRole('button', { name: 'Reload fixtures' }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toContain('mine.yaml')
    expect(await alert.innerText()).toContain('the ones in force stay')
  })

  it('asks for the admin token when the server has one, and works with it', { timeout: 90_000 }, async () => {
    const { baseUrl } = await listenTestApp({ adminToken: 'console-secret-1' })
    const page = await (await openBrowser(CHROMIUM ?? '')).newPage()
    // With a trailing slash too.
    await page.goto(`${baseUrl}/__admin/console/`)

    await page.getByLabel('Admin token').fill('console-secret-1')
    await page.getByRole('button', { name: 'Use token' }).click()
    await page.locator('button[data-send="bo-billing"]').click()
    await expect.poll(async () => await page.locator('output[data-result="bo-billing"]').innerText()).toMatch(/^200/)
    await page.locator('td[data-status="200"]').first().waitFor()
  })
})
