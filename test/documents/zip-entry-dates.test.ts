import { describe, expect, it, onTestFinished } from 'vitest'
import { pinnedDate, renderInvoicePdf, renderInvoiceUbl, zipFiles, type InvoiceDocument } from '../../src/documents/index.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import { createInvoiceFilesWorld } from '../../mocks/invoice-files/world.js'
import type { InvoiceFilesFixtures } from '../../mocks/invoice-files/schemas.js'
import { readZip } from '../helpers/files.js'
import { sampleInvoice } from './sample-invoice.js'

/** Three invoices of one customer, issued months apart: on a year's last day, on February's last, and in the latest month. */
const ISSUED = [
  { invoiceNumber: '000-001-01-25120001', issueDate: '2025-12-31' },
  { invoiceNumber: '000-001-01-26020001', issueDate: '2026-02-28' },
  { invoiceNumber: '000-001-01-26100001', issueDate: '2026-10-01' }
] as const
const LATEST = new Date('2026-10-01T12:00:00Z')

async function invoiceFiles (invoices: InvoiceDocument[]): Promise<Array<{ name: string, data: Buffer, date: Date }>> {
  const files = await Promise.all(invoices.map(async (invoice) => [
    { name: `${invoice.invoiceNumber}.pdf`, data: await renderInvoicePdf(invoice), date: pinnedDate(invoice) },
    { name: `${invoice.invoiceNumber}.xml`, data: renderInvoiceUbl(invoice), date: pinnedDate(invoice) }
  ]))
  return files.flat()
}

function sampleInvoices (): InvoiceDocument[] {
  return ISSUED.map(({ invoiceNumber, issueDate }) => sampleInvoice({ invoiceNumber, issueDate, dueDate: issueDate }))
}

function entryDates (entries: Array<{ name: string, date: Date }>): Record<string, string> {
  return Object.fromEntries(entries.map((entry) => [entry.name, entry.date.toISOString()]))
}

describe('zipFiles, with invoices issued on different dates', () => {
  it('dates each entry with its own invoice\'s issue date, the instant its PDF is stamped with', async () => {
    const files = await invoiceFiles(sampleInvoices())

    const entries = await readZip(await zipFiles(files, LATEST))

    expect(entryDates(entries)).toEqual({
      '000-001-01-25120001.pdf': '2025-12-31T12:00:00.000Z',
      '000-001-01-25120001.xml': '2025-12-31T12:00:00.000Z',
      '000-001-01-26020001.pdf': '2026-02-28T12:00:00.000Z',
      '000-001-01-26020001.xml': '2026-02-28T12:00:00.000Z',
      '000-001-01-26100001.pdf': '2026-10-01T12:00:00.000Z',
      '000-001-01-26100001.xml': '2026-10-01T12:00:00.000Z'
    })
  })

  it('keeps the pinned date for a file that has no invoice date', async () => {
    const files = [...await invoiceFiles(sampleInvoices().slice(0, 1)), { name: 'LEEME.txt', data: Buffer.from('Facturas de prueba') }]

    const entries = await readZip(await zipFiles(files, LATEST))

    expect(entryDates(entries)).toEqual({
      '000-001-01-25120001.pdf': '2025-12-31T12:00:00.000Z',
      '000-001-01-25120001.xml': '2025-12-31T12:00:00.000Z',
      'LEEME.txt': '2026-10-01T12:00:00.000Z'
    })
  })

  it('builds the same bytes twice, whatever the machine\'s time zone, and other bytes when an invoice\'s date differs', async () => {
    const files = await invoiceFiles(sampleInvoices())
    const zone = process.env.TZ
    onTestFinished(() => {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    })

    process.env.TZ = 'America/Tegucigalpa'
    const first = await zipFiles(files, LATEST)
    process.env.TZ = 'Asia/Tokyo'
    const second = await zipFiles(files.map((file) => ({ ...file, date: new Date(file.date) })), new Date(LATEST))
    const redated = await zipFiles(files.map((file, index) => index === 0 ? { ...file, date: new Date('2025-12-01T12:00:00Z') } : file), LATEST)

    expect(second.equals(first)).toBe(true)
    expect(redated.equals(first)).toBe(false)
  })
})

/** invoice-files' fixtures for one customer with the invoices of ISSUED, the first two with a PDF and an XML. */
function fixtures (issued: ReadonlyArray<{ invoiceNumber: string, issueDate: string }> = ISSUED): InvoiceFilesFixtures {
  return {
    customers: [{
      id: '44444444-4444-4444-8444-444444444444',
      name: 'Cafetalera de Copán S.A.',
      requestors: ['qa-client'],
      invoices: issued.map(({ invoiceNumber, issueDate }, index) => ({
        id: `bbbbbbbb-0000-4000-8000-00000000000${index + 1}`,
        number: invoiceNumber,
        issueDate,
        files: index < 2 ? ['pdf', 'xml'] : ['pdf']
      }))
    }]
  }
}

async function attachment (issued?: ReadonlyArray<{ invoiceNumber: string, issueDate: string }>): Promise<Buffer> {
  const world = createInvoiceFilesWorld({ seed: 42, fixtures: fixtures(issued), config: DEFAULT_CONFIG })
  return await world.attachment(world.customer('44444444-4444-4444-8444-444444444444')?.invoices ?? [])
}

describe('invoice-files\' ZIP of several invoices', () => {
  it('dates each entry with its own invoice\'s issue date, not the latest one', async () => {
    const zip = await attachment()

    const entries = await readZip(zip)

    expect(entryDates(entries)).toEqual({
      '000-001-01-25120001.pdf': '2025-12-31T12:00:00.000Z',
      '000-001-01-25120001.xml': '2025-12-31T12:00:00.000Z',
      '000-001-01-26020001.pdf': '2026-02-28T12:00:00.000Z',
      '000-001-01-26020001.xml': '2026-02-28T12:00:00.000Z',
      '000-001-01-26100001.pdf': '2026-10-01T12:00:00.000Z'
    })
  })

  it('is byte-identical from two worlds built from the same seed and fixtures, and differs when an invoice\'s date does', async () => {
    const first = await attachment()

    const second = await attachment()
    const redated = await attachment([{ ...ISSUED[0], issueDate: '2025-12-30' }, ISSUED[1], ISSUED[2]])

    expect(second.equals(first)).toBe(true)
    expect(redated.equals(first)).toBe(false)
  })
})
