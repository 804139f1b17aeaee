import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { parse } from 'yaml'
import { PACKAGE_ROOT } from '../../src/config.js'
import { buildProxy, type ProxyInstance, type ProxyOptions } from '../../src/drift/proxy.js'
import { createMasker } from '../../src/drift/mask.js'
import { createRecorder, type RealExchange } from '../../src/drift/record.js'
import type { Recording } from '../../src/scenarios/recordings.js'
import { basicAuth, bearerHeader, buildTestApp, QA_CLIENT } from '../helpers/build-app.js'
import { standInProvider, type DriftRules } from '../helpers/stand-in-provider.js'
import { DEFAULT_FIXTURES, tempFixtures } from '../helpers/temp-fixtures.js'

const invoices = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const roles = { 'x-auth-roles': 'API_KEY' }
const bills = '/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001'
const hnQuery = 'invoiceNumber=000-001-01-00012345&invoiceDate=2026-10-01&type=SUMMARY&typeResult=PDF'
const hnInvoice = `/hn-billing/customers/50499990001/invoices?${hnQuery}`
const hnUnknown = `/hn-billing/customers/50498765432/invoices?${hnQuery}`
const filesOf = '/invoice-files/api/v2/customer/11111111-1111-4111-8111-111111111111/download-invoices'

/** The recording proxies of the running test: a file is read after what they hold is written (they write in batches). */
const recorders = new Set<ProxyInstance>()

/** The stand-in provider, the proxy recording into a fresh folder, on real ports. */
async function recordingProxy (rules: DriftRules, options: Partial<ProxyOptions> | ((providerUrl: string) => Promise<Partial<ProxyOptions>>) = {}): Promise<{ proxy: ProxyInstance, proxyUrl: string, providerUrl: string, dir: string }> {
  const { baseUrl: providerUrl } = await standInProvider(rules)
  const { dir } = tempFixtures()
  const apis = ['masstack', 'bo-billing', 'hn-billing', 'invoice-files']
  const extra = typeof options === 'function' ? await options(providerUrl) : options
  const proxy = await buildProxy({ targets: apis.map((api) => ({ api, target: `${providerUrl}/${api}` })), record: dir, logLevel: 'silent', ...extra })
  recorders.add(proxy)
  onTestFinished(async () => { recorders.delete(proxy); await proxy.close() })
  const proxyUrl = await proxy.listen({ host: '127.0.0.1', port: 0 })
  return { proxy, proxyUrl, providerUrl, dir }
}

function flushRecorders (): void {
  for (const proxy of recorders) proxy.drift.recorder?.flush()
}

function recordings (dir: string, api: string): Recording[] {
  flushRecorders()
  return (parse(readFileSync(join(dir, `${api}.recorded.yaml`), 'utf8')) as { recordings: Recording[] }).recordings
}

function everything (dir: string): string {
  flushRecorders()
  return readdirSync(dir).map((file) => readFileSync(join(dir, file), 'utf8')).join('\n')
}

async function qaToken (providerUrl: string): Promise<string> {
  const res = await fetch(`${providerUrl}/oauth/client_credential/accesstoken?grant_type=client_credentials`, { method: 'POST', headers: { authorization: basicAuth(QA_CLIENT.id, QA_CLIENT.secret) } })
  return (await res.json() as { access_token: string }).access_token
}

/** A token URL in front of the stand-in's, keeping each access token it hands out: the test knows what must never be written. */
async function tokenRelay (providerUrl: string): Promise<{ tokenUrl: string, issued: string[], authorizations: string[] }> {
  const issued: string[] = []
  const authorizations: string[] = []
  const server = createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? '')
    fetch(`${providerUrl}/oauth/client_credential/accesstoken?grant_type=client_credentials`, { method: 'POST', headers: { authorization: req.headers.authorization ?? '' } })
      .then(async (answer) => {
        const text = await answer.text()
        issued.push((JSON.parse(text) as { access_token: string }).access_token)
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(text)
      })
      .catch(() => res.writeHead(502).end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(async () => { await new Promise((resolve) => server.close(resolve)) })
  const address = server.address()
  return { tokenUrl: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/token`, issued, authorizations }
}

describe('billing-mocks proxy --record: the mock serves the recordings', () => {
  it('answers the recorded bytes, identical to what the provider sent when nothing needed masking', async () => {
    const { proxyUrl, providerUrl, dir } = await recordingProxy({ '/masstack/': [{ kind: 'extra-field', field: 'currency', value: 'EUR' }] })
    const real = Buffer.from(await (await fetch(`${providerUrl}${invoices}?start_date=2026-01-01`, { headers: roles })).arrayBuffer())
    await fetch(`${proxyUrl}${invoices}?start_date=2026-01-01`, { headers: roles })

    const mock = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, join(dir, 'masstack.recorded.yaml')] })
    const served = await mock.inject({ url: `${invoices}?start_date=2026-01-01`, headers: roles })
    const generated = await mock.inject({ url: `${invoices}?start_date=2026-02-01`, headers: roles })

    expect(recordings(dir, 'masstack')).toEqual([expect.objectContaining({ api: 'masstack', method: 'GET', path: '/v2/orgs/telco/accounts/214748364/invoices', query: { start_date: '2026-01-01' }, target: `${providerUrl}/masstack` })])
    expect(served.statusCode).toBe(200)
    expect(served.rawPayload.equals(real)).toBe(true)
    expect(served.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(generated.json()).not.toHaveProperty('currency')
  })

  it('lets a scenario win over a recording, so a recorded customer fails on demand', async () => {
    const { proxyUrl, dir } = await recordingProxy({})
    await fetch(`${proxyUrl}${invoices}`, { headers: roles })

    const mock = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, `${PACKAGE_ROOT}fixtures/qa-scenarios.yaml`, join(dir, 'masstack.recorded.yaml')] })
    const failed = await mock.inject({ url: invoices, headers: { ...roles, 'x-mock-scenario': 'masstack-404-account-not-found' } })
    const served = await mock.inject({ url: invoices, headers: roles })

    expect(failed.statusCode).toBe(404)
    expect(served.statusCode).toBe(200)
    const [last, first] = (await mock.inject({ url: '/__admin/requests' })).json<{ requests: Array<{ recorded?: boolean, scenario?: unknown }> }>().requests
    expect(last?.recorded).toBe(true)
    expect(first).toMatchObject({ scenario: { name: 'masstack-404-account-not-found' } })
    expect(first?.recorded).toBeUndefined()
  })

  it('answers a recorded bo-billing page with the addresses masked, as recorded', async () => {
    const { proxyUrl, providerUrl, dir } = await recordingProxy({})
    const authorization = `Bearer ${await qaToken(providerUrl)}`
    const real = await (await fetch(`${providerUrl}${bills}`, { headers: { authorization } })).json() as { billingAddress: Array<{ street: string, neighborhood: string, city: string }> }
    await fetch(`${proxyUrl}${bills}`, { headers: { authorization } })

    const mock = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, join(dir, 'bo-billing.recorded.yaml')] })
    const served = await mock.inject({ url: bills, headers: await bearerHeader(mock) })

    const [recording] = recordings(dir, 'bo-billing')
    expect(served.statusCode).toBe(200)
    expect(served.body).toBe(recording?.response.body)
    const addresses = served.json<typeof real>().billingAddress
    expect(addresses.map((address) => address.street)).toEqual(real.billingAddress.map(() => expect.stringMatching(/^MASKED-[0-9a-f]{6}$/)))
    expect(addresses.map((address) => address.city)).toEqual(real.billingAddress.map((address) => address.city))
    expect(served.body).not.toContain(real.billingAddress[0]?.street)
  })

  it('replaces the entry of a request recorded again, and adds one for another request', async () => {
    const { proxyUrl, dir } = await recordingProxy({})

    await fetch(`${proxyUrl}${invoices}?start_date=2026-01-01`, { headers: roles })
    await fetch(`${proxyUrl}${invoices}?start_date=2026-01-01`, { headers: roles })
    await fetch(`${proxyUrl}${invoices}`, { headers: roles })

    expect(recordings(dir, 'masstack').map((recording) => recording.query)).toEqual([{ start_date: '2026-01-01' }, undefined])
  })

  it('does not record answers about the caller\'s credentials', async () => {
    const { proxyUrl, dir } = await recordingProxy({})

    const res = await fetch(`${proxyUrl}${bills}`)

    expect(res.status).toBe(401)
    expect(existsSync(join(dir, 'bo-billing.recorded.yaml'))).toBe(false)
  })
})

describe('billing-mocks proxy --record: secrets and personal data', () => {
  it('writes no access token, client secret or Authorization value, injected or passed through', async () => {
    let relay: Awaited<ReturnType<typeof tokenRelay>> | undefined
    const echo = 'tok-echoed-by-the-provider'
    // The provider echoes credentials in its answers: they must be masked there too.
    const { proxyUrl, providerUrl, dir } = await recordingProxy({
      '/masstack/': [{ kind: 'extra-field', field: 'access_token', value: echo }, { kind: 'extra-field', field: 'client_secret', value: QA_CLIENT.secret }]
    }, async (url) => {
      relay = await tokenRelay(url)
      return { clientId: QA_CLIENT.id, clientSecret: QA_CLIENT.secret, tokenUrl: relay.tokenUrl }
    })
    const passedThrough = await qaToken(providerUrl)

    const masstack = await fetch(`${proxyUrl}${invoices}`, { headers: { ...roles, authorization: `Bearer ${passedThrough}` } })
    const bo = await fetch(`${proxyUrl}${bills}`)
    const hn = await fetch(`${proxyUrl}${hnInvoice}`, { method: 'POST' })
    const files = await fetch(`${proxyUrl}${filesOf}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":["aaaaaaaa-0000-4000-8000-000000000001"]}' })

    expect([masstack.status, bo.status, hn.status, files.status]).toEqual([200, 200, 200, 200])
    expect(relay?.issued).toHaveLength(1)
    const written = everything(dir)
    expect(readdirSync(dir).sort()).toEqual(['bo-billing.recorded.yaml', 'hn-billing.recorded.yaml', 'invoice-files.recorded.yaml', 'masstack.recorded.yaml'])
    for (const secret of [relay?.issued[0] ?? 'none', passedThrough, echo, QA_CLIENT.secret, relay?.authorizations[0] ?? 'none', basicAuth(QA_CLIENT.id, QA_CLIENT.secret).slice(6)]) {
      expect(written).not.toContain(secret)
    }
    expect(written).not.toMatch(/authorization|cookie|x-api-key|Bearer/i)
    expect(JSON.parse(recordings(dir, 'masstack')[0]?.response.body ?? '{}')).toMatchObject({ access_token: '[masked]', client_secret: '[masked]' })
  })

  it('masks an MSISDN the same way in the path and in the body, keeping it a valid one the mock serves', async () => {
    const { proxyUrl, providerUrl, dir } = await recordingProxy({})
    const authorization = `Bearer ${await qaToken(providerUrl)}`

    await fetch(`${proxyUrl}${hnUnknown}`, { method: 'POST', headers: { authorization } })
    await fetch(`${proxyUrl}${hnInvoice}`, { method: 'POST', headers: { authorization } })
    await fetch(`${proxyUrl}${hnUnknown}`, { method: 'POST', headers: { authorization } })

    const [found, unknown] = recordings(dir, 'hn-billing').sort((a, b) => a.response.status - b.response.status)
    const masked = /^\/customers\/(504\d{8})\/invoices$/.exec(unknown?.path ?? '')?.[1]
    expect(masked).toMatch(/^5049\d{7}$/)
    expect(masked).not.toBe('50498765432')
    expect(unknown?.response).toMatchObject({ status: 404 })
    expect(unknown?.response.body).toContain(masked)
    expect(unknown?.response.body).not.toContain('50498765432')
    expect(found?.path).toMatch(/^\/customers\/5049\d{7}\/invoices$/)
    expect(found?.path).not.toContain('50499990001')
    expect(found?.path).not.toBe(unknown?.path)
    expect(everything(dir)).not.toMatch(/50498765432|50499990001/)
    const mock = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, join(dir, 'hn-billing.recorded.yaml')] })
    const served = await mock.inject({ method: 'POST', url: `/hn-billing${unknown?.path ?? ''}?${hnQuery}`, headers: await bearerHeader(mock) })
    expect(served.statusCode).toBe(404)
    expect(served.body).toBe(unknown?.response.body)
  })

  it('masks by the rules of a --mask file, on top of the defaults', async () => {
    const { dir: rulesDir, write } = tempFixtures()
    const rulesFile = write('mask.yaml', ['fields: [city]', 'patterns:', '  - regex: "MM([0-9]{4})[0-9]{4}"', '    replacement: "MM$1{digits:4}"'])
    const { proxyUrl, providerUrl, dir } = await recordingProxy({}, { mask: rulesFile })
    const authorization = `Bearer ${await qaToken(providerUrl)}`

    await fetch(`${proxyUrl}${bills}`, { headers: { authorization } })
    await fetch(`${proxyUrl}${invoices}`, { headers: roles })

    const bo = JSON.parse(recordings(dir, 'bo-billing')[0]?.response.body ?? '{}') as { billingAddress: Array<{ city: string, street: string }> }
    expect(bo.billingAddress[0]).toMatchObject({ city: expect.stringMatching(/^MASKED-/), street: expect.stringMatching(/^MASKED-/) })
    const masstack = JSON.parse(recordings(dir, 'masstack')[0]?.response.body ?? '{}') as { invoices: Array<{ number: string }> }
    const real = await (await fetch(`${providerUrl}${invoices}`, { headers: roles })).json() as { invoices: Array<{ number: string }> }
    expect(masstack.invoices.map((invoice) => invoice.number.slice(0, 6))).toEqual(real.invoices.map((invoice) => invoice.number.slice(0, 6)))
    expect(masstack.invoices.map((invoice) => invoice.number)).not.toEqual(real.invoices.map((invoice) => invoice.number))
    expect(rulesDir).not.toBe(dir)
  })

  it('refuses a --mask file it cannot use, naming the file and the key', async () => {
    const { write } = tempFixtures()
    const rulesFile = write('mask.yaml', ['fields: [city]', 'pattern: oops'])
    const badRegex = write('regex.yaml', ['patterns:', '  - regex: "("', '    replacement: x'])

    await expect(buildProxy({ targets: [{ api: 'masstack', target: 'http://127.0.0.1:9/masstack' }], record: tempFixtures().dir, mask: rulesFile })).rejects.toThrow(/mask\.yaml.*Allowed keys: defaults, salt, fields/)
    await expect(buildProxy({ targets: [{ api: 'masstack', target: 'http://127.0.0.1:9/masstack' }], record: tempFixtures().dir, mask: badRegex })).rejects.toThrow(/patterns\[0\]\.regex is no regular expression/)
  })
})

describe('billing-mocks proxy --record-files', () => {
  it('replaces base64 files in JSON with a short placeholder of the same kind by default', async () => {
    const { proxyUrl, dir } = await recordingProxy({}, { clientId: QA_CLIENT.id, clientSecret: QA_CLIENT.secret })

    const hn = await (await fetch(`${proxyUrl}${hnInvoice}`, { method: 'POST' })).json() as { invoice: string }
    await fetch(`${proxyUrl}${filesOf}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })

    const recorded = JSON.parse(recordings(dir, 'hn-billing')[0]?.response.body ?? '{}') as { invoice: string, status: string }
    expect(Buffer.from(hn.invoice, 'base64').subarray(0, 5).toString()).toBe('%PDF-')
    expect(recorded.status).toBe('OK')
    expect(recorded.invoice.length).toBeLessThan(200)
    expect(Buffer.from(recorded.invoice, 'base64').toString()).toMatch(/^%PDF-1\.4\n% file omitted by billing-mocks proxy/)
    const [files] = recordings(dir, 'invoice-files')
    const attachment = (JSON.parse(files?.response.body ?? '{}') as { content: Array<{ attachmentData: string }> }).content[0]?.attachmentData ?? ''
    // Several files come as one ZIP: an empty ZIP stands in for it.
    expect(Buffer.from(attachment, 'base64').subarray(0, 4)).toEqual(Buffer.from('PK\u0005\u0006', 'latin1'))
    expect(files?.body).toEqual({})
  })

  it('keeps the files of the APIs it names, and serves them back', async () => {
    const { proxyUrl, providerUrl, dir } = await recordingProxy({}, { clientId: QA_CLIENT.id, clientSecret: QA_CLIENT.secret, recordFiles: ['hn-billing'] })
    const authorization = `Bearer ${await qaToken(providerUrl)}`
    const real = await (await fetch(`${providerUrl}${hnInvoice}`, { method: 'POST', headers: { authorization } })).json() as { invoice: string }

    await fetch(`${proxyUrl}${hnInvoice}`, { method: 'POST' })
    await fetch(`${proxyUrl}${filesOf}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"aaaaaaaa-0000-4000-8000-000000000002"}' })

    const hn = JSON.parse(recordings(dir, 'hn-billing')[0]?.response.body ?? '{}') as { invoice: string }
    expect(hn.invoice).toBe(real.invoice)
    const files = JSON.parse(recordings(dir, 'invoice-files')[0]?.response.body ?? '{}') as { content: Array<{ attachmentData: string }> }
    expect(Buffer.from(files.content[0]?.attachmentData ?? '', 'base64').toString()).toContain('file omitted')
    const mock = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, join(dir, 'hn-billing.recorded.yaml')] })
    const served = await mock.inject({ method: 'POST', url: `/hn-billing${recordings(dir, 'hn-billing')[0]?.path ?? ''}?${hnQuery}`, headers: await bearerHeader(mock) })
    expect(served.json<{ invoice: string }>().invoice).toBe(real.invoice)
  })

  it('records a binary answer as bodyBase64, the file only with --record-files', async () => {
    const rules: DriftRules = { '/hn-billing/': [{ kind: 'binary-file', field: 'invoice' }] }
    const without = await recordingProxy(rules, { clientId: QA_CLIENT.id, clientSecret: QA_CLIENT.secret })
    const withFiles = await recordingProxy(rules, { clientId: QA_CLIENT.id, clientSecret: QA_CLIENT.secret, recordFiles: ['all'] })

    const pdf = Buffer.from(await (await fetch(`${withFiles.proxyUrl}${hnInvoice}`, { method: 'POST' })).arrayBuffer())
    await fetch(`${without.proxyUrl}${hnInvoice}`, { method: 'POST' })

    expect(recordings(withFiles.dir, 'hn-billing')[0]?.response).toMatchObject({ status: 200, headers: { 'content-type': 'application/pdf' }, bodyBase64: pdf.toString('base64') })
    const placeholder = Buffer.from(recordings(without.dir, 'hn-billing')[0]?.response.bodyBase64 ?? '', 'base64')
    expect(placeholder.toString()).toMatch(/^%PDF-1\.4\n% file omitted/)
  })
})

describe('masking', () => {
  it('masks the same value the same way, and a salt changes it', () => {
    const context = { keepFiles: false, secrets: [] }

    const once = createMasker().text('msisdn 50499990001', context)
    const again = createMasker().text('/customers/50499990001', context)
    const salted = createMasker({ salt: 'team-secret' }).text('50499990001', context)

    expect(once.slice(7)).toBe(again.slice(11))
    expect(salted).not.toBe(once.slice(7))
    expect(salted).toMatch(/^5049\d{7}$/)
    expect(createMasker({ defaults: false }).text('50499990001', context)).toBe('50499990001')
  })

  it('masks every literal credential it is told of, wherever it appears', () => {
    const { value } = createMasker().json({ note: 'issued for abcdef123456', nested: ['abcdef123456'] }, { keepFiles: false, secrets: ['abcdef123456'] })

    expect(value).toEqual({ note: 'issued for [masked]', nested: ['[masked]'] })
  })

  it('leaves numbers that are no MSISDN alone and masks one given as a JSON number', () => {
    const masker = createMasker()

    const { value } = masker.json({ accountId: 214748364, phone: 50499990001, long: 504999900011, customerName: 'Revendedor 1', nested: { address: { line: 'Calle 1' } } }, { keepFiles: false, secrets: [] })

    expect(value).toMatchObject({ accountId: 214748364, long: 504999900011, customerName: expect.stringMatching(/^MASKED-/), nested: { address: { line: expect.stringMatching(/^MASKED-/) } } })
    expect((value as { phone: number }).phone).not.toBe(50499990001)
    expect(String((value as { phone: number }).phone)).toMatch(/^5049\d{7}$/)
  })
})

describe('billing-mocks proxy --record: writing the files', () => {
  const exchange = (index: number): RealExchange => ({
    api: 'masstack',
    target: 'http://provider.test/masstack',
    method: 'GET',
    path: '/v2/orgs/telco/accounts/214748364/invoices',
    query: `start_date=2026-01-${String(index % 28 + 1).padStart(2, '0')}&n=${index}`,
    requestBody: undefined,
    requestContentType: undefined,
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(`{"n":${index}}`),
    secrets: []
  })

  it('writes a burst of exchanges in one batch rather than once per exchange, and the rest by itself shortly after', async () => {
    const { dir } = tempFixtures()
    const recorder = createRecorder({ dir, apis: ['masstack'] })
    const file = join(dir, 'masstack.recorded.yaml')
    const entries = (): number => (parse(readFileSync(file, 'utf8')) as { recordings: Recording[] }).recordings.length

    for (let index = 0; index < 40; index++) recorder.record(exchange(index))
    const rightAfter = entries()
    await expect.poll(entries, { timeout: 2000, interval: 50 }).toBe(40)

    expect(rightAfter).toBe(1)
    expect(readdirSync(dir)).toEqual(['masstack.recorded.yaml'])
  })

  it('writes what is left when flushed (the proxy flushes as it stops)', () => {
    const { dir } = tempFixtures()
    const recorder = createRecorder({ dir, apis: ['masstack'] })

    for (let index = 0; index < 5; index++) recorder.record(exchange(index))
    recorder.flush()

    expect((parse(readFileSync(join(dir, 'masstack.recorded.yaml'), 'utf8')) as { recordings: Recording[] }).recordings).toHaveLength(5)
  })
})
