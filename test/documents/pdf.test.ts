import { describe, expect, it, vi } from 'vitest'
import { invoiceTotals, printedAmount, renderInvoicePdf } from '../../src/documents/index.js'
import { pdfPages } from '../helpers/files.js'
import { detailLines, sampleInvoice } from './sample-invoice.js'

function fileId (pdf: Buffer): string | undefined {
  return /\/ID \[<([0-9a-f]+)>/.exec(pdf.toString('latin1'))?.[1]
}

describe('renderInvoicePdf', () => {
  it('answers a PDF file', async () => {
    const pdf = await renderInvoicePdf(sampleInvoice())

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF')
  })

  it('prints the invoice number, the customer, its MSISDN line and the total as printedAmount prints it', async () => {
    const invoice = sampleInvoice()
    const total = printedAmount(invoiceTotals(invoice).total, invoice.currency)

    const text = (await pdfPages(await renderInvoicePdf(invoice))).join('\n')

    expect(text).toContain('FACTURA')
    expect(text).toContain('000-001-01-00012345')
    expect(text).toContain('Comercializadora Morazán S. de R.L.')
    expect(text).toContain('MSISDN: 50499990001')
    expect(text).toContain('RTN: 08019995264836')
    expect(text).toContain(total)
    expect(total).toBe('HNL 1,714.94')
  })

  it('prints dates, the billing period and the tax as taxName and rate', async () => {
    const text = (await pdfPages(await renderInvoicePdf(sampleInvoice()))).join('\n')

    expect(text).toContain('01/10/2026')
    expect(text).toContain('01/09/2026 al 30/09/2026')
    expect(text).toContain('31/10/2026')
    expect(text).toContain('ISV 15 %')
    expect(text).toContain('HNL 223.69')
  })

  it('prints one tax row per rate when lines carry different rates', async () => {
    const invoice = sampleInvoice({
      lines: [
        { description: 'Plan', quantity: 1, unitPrice: 10000, taxRate: 0.15 },
        { description: 'Servicio exento', quantity: 1, unitPrice: 5000, taxRate: 0 },
        { description: 'Bebidas', quantity: 1, unitPrice: 1000, taxRate: 0.18 }
      ]
    })

    const text = (await pdfPages(await renderInvoicePdf(invoice))).join('\n')

    expect(text).toContain('ISV 15 %')
    expect(text).toContain('ISV 0 %')
    expect(text).toContain('ISV 18 %')
    expect(text).toContain(printedAmount(invoiceTotals(invoice).total, 'HNL'))
  })

  it('fits a summary invoice on one page numbered "Página 1 de 1"', async () => {
    const pages = await pdfPages(await renderInvoicePdf(sampleInvoice()))

    expect(pages).toHaveLength(1)
    expect(pages[0]).toContain('Página 1 de 1')
  })

  it('keeps a summary invoice with 60 lines on one page by folding the rest into "Otros cargos"', async () => {
    const invoice = sampleInvoice({ lines: detailLines(60) })

    const pages = await pdfPages(await renderInvoicePdf(invoice))

    expect(pages).toHaveLength(1)
    expect(pages[0]).toContain('Otros cargos (ver detalle)')
    expect(pages[0]).toContain(printedAmount(invoiceTotals(invoice).total, 'HNL'))
  })

  it('spreads a detail invoice of 120 lines over pages that each repeat the table header and say "Página N de M"', async () => {
    const invoice = sampleInvoice({ variant: 'detail', lines: detailLines(120) })

    const pages = await pdfPages(await renderInvoicePdf(invoice))

    expect(pages.length).toBeGreaterThanOrEqual(3)
    pages.forEach((text, index) => {
      expect(text).toContain(`Página ${index + 1} de ${pages.length}`)
      expect(text).toContain('Descripción')
    })
    const all = pages.join('\n')
    expect(all).toContain(detailLines(120)[119]?.description)
    expect(all).toContain(printedAmount(invoiceTotals(invoice).total, 'HNL'))
  })

  it('renders the same invoice to identical bytes, also from a freshly imported module', async () => {
    const invoice = sampleInvoice({ variant: 'detail', lines: detailLines(50) })
    const first = await renderInvoicePdf(invoice)
    vi.resetModules()
    const fresh = await import('../../src/documents/index.js')

    const again = await renderInvoicePdf(invoice)
    const fromFresh = await fresh.renderInvoicePdf(invoice)

    expect(again.equals(first)).toBe(true)
    expect(fromFresh.equals(first)).toBe(true)
  })

  it('renders identical bytes whatever the clock says', async () => {
    const first = await renderInvoicePdf(sampleInvoice())
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2031-02-03T04:05:06Z') })

    const later = await renderInvoicePdf(sampleInvoice()).finally(() => vi.useRealTimers())

    expect(later.equals(first)).toBe(true)
  })

  it('gives another invoice number other bytes and another file /ID', async () => {
    const first = await renderInvoicePdf(sampleInvoice())

    const other = await renderInvoicePdf(sampleInvoice({ invoiceNumber: '000-001-01-00012346' }))

    expect(other.equals(first)).toBe(false)
    expect(fileId(first)).toMatch(/^[0-9a-f]{32}$/)
    expect(fileId(other)).not.toBe(fileId(first))
  })

  it('rejects an issue date that is not yyyy-mm-dd, naming the field and the invoice', async () => {
    const invoice = sampleInvoice({ issueDate: '01/10/2026' })

    const rendering = renderInvoicePdf(invoice)

    await expect(rendering).rejects.toThrow(/invoice 000-001-01-00012345: issueDate "01\/10\/2026" is not a yyyy-mm-dd date/)
  })
})
