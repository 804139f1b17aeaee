import { type InvoiceDocument, type InvoiceLine } from '../../src/documents/index.js'

const SUMMARY_LINES: InvoiceLine[] = [
  { description: 'Plan Empresarial Ilimitado 4G', quantity: 1, unitPrice: 89900, taxRate: 0.15 },
  { description: 'Paquete de datos adicional 10 GB', quantity: 2, unitPrice: 15000, taxRate: 0.15 },
  { description: 'Llamadas internacionales (EE. UU. y Canadá)', quantity: 37, unitPrice: 450, taxRate: 0.15 },
  { description: 'Roaming Centroamérica', quantity: 1, unitPrice: 12575, taxRate: 0.15 }
]

/**
 * The call and data records of a detail invoice: `count` lines with realistic, varied descriptions.
 */
export function detailLines (count: number): InvoiceLine[] {
  return Array.from({ length: count }, (_, i) => {
    const when = `${String(1 + (i % 30)).padStart(2, '0')}/09/2026 ${String(8 + (i % 12)).padStart(2, '0')}:${String((i * 13) % 60).padStart(2, '0')}`
    const number = `504 9${String(1000000 + i * 7919).slice(-7)}`
    switch (i % 3) {
      case 0: return { description: `${when} Llamada a ${number}`, quantity: 1 + (i % 9), unitPrice: 350, taxRate: 0.15 }
      case 1: return { description: `${when} SMS a ${number}`, quantity: 1, unitPrice: 120, taxRate: 0.15 }
      default: return { description: `${when} Datos móviles, celda TGU-${String(i).padStart(4, '0')} (MB)`, quantity: 10 + i, unitPrice: 9, taxRate: 0.15 }
    }
  })
}

/**
 * A Tigo Honduras invoice for the well-known customer 50499990001; `overrides` change any field.
 */
export function sampleInvoice (overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    issuer: {
      name: 'Telefónica Celular S.A. de C.V. (Tigo Honduras)',
      taxId: '08019995264836',
      address: 'Edificio Tigo, Colonia Tepeyac, Bulevar Juan Pablo II',
      city: 'Tegucigalpa',
      country: 'HN'
    },
    customer: {
      name: 'Comercializadora Morazán S. de R.L.',
      taxId: '08019012345678',
      address: 'Colonia Palmira, Avenida República de Chile 1523',
      city: 'Tegucigalpa',
      country: 'HN',
      idLabel: 'MSISDN',
      id: '50499990001'
    },
    invoiceNumber: '000-001-01-00012345',
    issueDate: '2026-10-01',
    dueDate: '2026-10-31',
    period: { start: '2026-09-01', end: '2026-09-30' },
    currency: 'HNL',
    taxName: 'ISV',
    lines: SUMMARY_LINES,
    variant: 'summary',
    notes: [
      'Pague en cualquier agencia Tigo, Tigo Money o banca en línea con su número de cliente.',
      'Factura emitida conforme al Reglamento del Régimen de Facturación de la SAR.'
    ],
    ...overrides
  }
}
