import { describe, expect, it } from 'vitest'
import { renderInvoicePdf, type InvoiceDocument, type InvoiceLine } from '../../src/documents/index.js'
import { summaryLines } from '../../src/documents/summary-lines.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import { invoiceDocument as hnInvoice } from '../../mocks/hn-billing/world.js'
import { createInvoiceFilesWorld, invoiceDocument as filesInvoice } from '../../mocks/invoice-files/world.js'
import { pdfText } from '../helpers/files.js'
import { detailLines, sampleInvoice } from './sample-invoice.js'

/**
 * What a description counts: a number followed by the thing counted ("265 min", "25 llamadas",
 * "6 conceptos"). Sizes ("1 GB", "100 Mbps"), pack sizes ("paquete de 1000"), months and phone numbers are
 * not counts.
 */
const COUNT = /(?<![\d:/.-])(\d[\d,]*)\s+(min|minutos?|llamadas?|conceptos?|cargos?|mensajes?|sms|paquetes?|extensiones?|l[ií]neas?|unidades?)(?![\p{L}])/giu

function statedCounts (description: string): number[] {
  return [...description.matchAll(COUNT)].map((match) => Number((match[1] ?? '').replaceAll(',', '')))
}

/** The lines whose description states a count other than the quantity printed next to it. */
function disagreeing (lines: Array<Pick<InvoiceLine, 'description' | 'quantity'>>): Array<Pick<InvoiceLine, 'description' | 'quantity'>> {
  return lines.filter((line) => statedCounts(line.description).some((count) => count !== line.quantity))
}

const MONTHS = ['2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01']

/** hn-billing SUMMARY invoices of generated customers: `customers` seeds × the twelve generated months. */
function hnSummaries (customers: number): InvoiceDocument[] {
  return Array.from({ length: customers }, (_, index) => MONTHS.map((invoiceDate) => {
    const msisdn = `5049999${String(index).padStart(4, '0')}`
    const invoiceNumber = `000-001-01-${invoiceDate.slice(2, 4)}${invoiceDate.slice(5, 7)}${msisdn.slice(-4)}`
    return hnInvoice(index + 1, { msisdn, invoiceNumber, invoiceDate, eInvoice: true }, undefined, 'summary')
  })).flat()
}

/** Rows of the PDF's line table as printed: description, then the Cant. column (e.g. "1,200"). */
function printedRows (text: string): Array<Pick<InvoiceLine, 'description' | 'quantity'>> {
  return [...text.matchAll(/^(.+) (\d[\d,]*(?:\.\d+)?) -?[\d,]+\.\d\d \d+(?:\.\d+)? % -?[\d,]+\.\d\d$/gmu)]
    .map((match) => ({ description: match[1] ?? '', quantity: Number((match[2] ?? '').replaceAll(',', '')) }))
}

describe('summary lines that state a count', () => {
  it('show as quantity the count that every hn-billing SUMMARY line states, over 100 customers and twelve months', () => {
    const invoices = hnSummaries(100)

    const lines = invoices.flatMap((invoice) => summaryLines(invoice.lines, 22))
    const counted = lines.filter((line) => statedCounts(line.description).length > 0)

    expect(counted.length).toBeGreaterThanOrEqual(invoices.length)
    expect(disagreeing(lines)).toEqual([])
  })

  it('show as quantity the count that any invoice-files line states, over 300 seeds', () => {
    const world = createInvoiceFilesWorld({
      seed: 1,
      config: DEFAULT_CONFIG,
      fixtures: {
        customers: [{
          id: '55555555-5555-4555-8555-555555555555',
          name: 'Exportadora del Golfo S.A.',
          invoices: MONTHS.map((issueDate, index) => ({ id: `cccccccc-0000-4000-8000-${String(index).padStart(12, '0')}`, number: `FAC-${issueDate}`, issueDate, files: ['pdf'] }))
        }]
      }
    })
    const customer = world.customer('55555555-5555-4555-8555-555555555555')

    const lines = Array.from({ length: 300 }, (_, seed) => customer?.invoices.flatMap((invoice) => summaryLines(filesInvoice(seed + 1, customer, invoice).lines, 22)) ?? []).flat()

    expect(lines.length).toBeGreaterThanOrEqual(300 * MONTHS.length * 2)
    expect(disagreeing(lines)).toEqual([])
  })

  it('include the "Otros cargos" lines that fold what a page cannot hold: none states a count its quantity does not show', () => {
    const folded = []
    for (let length = 4; length <= 80; length += 4) {
      const lines = [...detailLines(length), { description: 'Servicio exento', quantity: 3, unitPrice: 5000, taxRate: 0 }]
      for (let capacity = 2; capacity <= 25; capacity++) folded.push(...summaryLines(lines, capacity))
    }

    const otros = folded.filter((line) => line.description.startsWith('Otros cargos'))

    expect(otros.length).toBeGreaterThan(100)
    expect(disagreeing(folded)).toEqual([])
  })

  it('print in the PDF\'s Cant. column the count their description states', async () => {
    const invoices = [...hnSummaries(3).slice(0, 12), sampleInvoice({ lines: [...detailLines(60), { description: 'Servicio exento', quantity: 1, unitPrice: 5000, taxRate: 0 }] })]

    const rows = (await Promise.all(invoices.map(async (invoice) => printedRows(await pdfText(await renderInvoicePdf(invoice)))))).flat()

    expect(disagreeing(rows)).toEqual([])
    expect(rows.filter((row) => statedCounts(row.description).length > 0).length).toBeGreaterThanOrEqual(12)
    expect(rows.filter((row) => row.description.startsWith('Otros cargos'))).toHaveLength(2)
  })
})
