/**
 * A summary invoice is one page. When it is given more lines than the page holds, the last ones are folded
 * into one "Otros cargos" line per tax rate, so the printed lines still add up to the subtotal to the cent
 * and every tax rate keeps its own line.
 */
import { type InvoiceLine } from './invoice.js'
import { lineNet } from './format.js'

/**
 * At most `capacity` lines: the first ones as given, then one "Otros cargos (n conceptos)" line per tax
 * rate of the rest. Throws when even the folded lines cannot fit (fewer rows than tax rates).
 * @example
 * summaryLines(lines, 20) // lines itself when lines.length <= 20
 */
export function summaryLines (lines: InvoiceLine[], capacity: number): InvoiceLine[] {
  if (lines.length <= capacity) return lines
  for (let kept = capacity - 1; kept >= 0; kept--) {
    const folded = foldByRate(lines.slice(kept))
    if (kept + folded.length <= capacity) return [...lines.slice(0, kept), ...folded]
  }
  throw new Error(`A summary invoice holds ${capacity} table rows here, fewer than its ${foldByRate(lines).length} tax rates. ` +
    'Shorten the notes, or render it with variant "detail".')
}

function foldByRate (lines: InvoiceLine[]): InvoiceLine[] {
  const groups = new Map<number, { count: number, net: number }>()
  for (const line of lines) {
    const group = groups.get(line.taxRate) ?? { count: 0, net: 0 }
    group.count += 1
    group.net += lineNet(line)
    groups.set(line.taxRate, group)
  }
  return [...groups].map(([taxRate, { count, net }]) => ({
    description: `Otros cargos (${count} ${count === 1 ? 'concepto' : 'conceptos'})`,
    quantity: 1,
    unitPrice: net,
    taxRate
  }))
}
