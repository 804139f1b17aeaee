import { describe, expect, it } from 'vitest'
import { ApiError, clientCredentials, createBoBillingClient, createInvoiceFilesClient, createMasstackClient } from '../../src/index.js'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import { listenTestApp } from '../helpers/listen.js'

describe('typed clients against the mock', () => {
  it('fetches a token once, reuses it, and reads bills through it', async () => {
    const { baseUrl } = await listenTestApp()
    let tokenRequests = 0
    const counting: typeof fetch = async (input, init) => {
      if (String(input).includes(TOKEN_PATH)) tokenRequests++
      return fetch(input, init)
    }
    const tokens = clientCredentials({ tokenUrl: `${baseUrl}${TOKEN_PATH}`, clientId: 'qa-client', clientSecret: 'qa-secret', fetch: counting })
    const bo = createBoBillingClient({ baseUrl: `${baseUrl}/bo-billing`, tokens, fetch: counting })

    const [first, second] = await Promise.all([
      bo.getBills({ idType: 'CLIENT_NUMBER', id: 70000001, contractNumber: 80000001, quantity: 3 }),
      bo.getBills({ idType: 'CLIENT_NUMBER', id: 70000001, contractNumber: 80000001, pageInit: 2, quantity: 3 })
    ])

    expect(first.invoiceCollection).toHaveLength(3)
    expect(second.invoiceCollection[0]?.invoiceNumber).not.toBe(first.invoiceCollection[0]?.invoiceNumber)
    expect(tokenRequests).toBe(1)
  })

  it('refreshes the token before it expires', async () => {
    const { baseUrl } = await listenTestApp({ tokenTtl: 100 })
    let clock = 0
    let tokenRequests = 0
    const counting: typeof fetch = async (input, init) => {
      tokenRequests++
      return fetch(input, init)
    }
    const tokens = clientCredentials({ tokenUrl: `${baseUrl}${TOKEN_PATH}`, clientId: 'qa-client', clientSecret: 'qa-secret', refreshMarginSeconds: 10, now: () => clock, fetch: counting })

    await tokens.token()
    clock = 80_000
    await tokens.token()
    const beforeRefresh = tokenRequests
    clock = 95_000
    await tokens.token()

    expect(beforeRefresh).toBe(1)
    expect(tokenRequests).toBe(2)
  })

  it('throws ApiError with the status and the API\'s own error body', async () => {
    const { baseUrl } = await listenTestApp()
    const masstack = createMasstackClient({ baseUrl: `${baseUrl}/masstack` })

    const err: unknown = await masstack.getInvoices({ orgId: 'telco', accountId: 100 }).catch((reason: unknown) => reason)

    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 404, body: { code: 404, message: expect.stringMatching(/Account 100 not found/) } })
  })

  it('decodes an invoice-files attachment', async () => {
    const { baseUrl } = await listenTestApp()
    const tokens = clientCredentials({ tokenUrl: `${baseUrl}${TOKEN_PATH}`, clientId: 'qa-client', clientSecret: 'qa-secret' })
    const files = createInvoiceFilesClient({ baseUrl: `${baseUrl}/invoice-files`, tokens })

    const { attachment } = await files.downloadInvoices({ customerId: '11111111-1111-4111-8111-111111111111', invoiceIds: ['aaaaaaaa-0000-4000-8000-000000000002'] })

    expect(attachment?.subarray(0, 5).toString()).toBe('%PDF-')
  })
})
