/**
 * Lookups by a name that came from outside (a request, a fixture file, a pact). A plain object answers
 * "constructor", "__proto__", "valueOf"… from Object.prototype, so `table[name] !== undefined` would take
 * those for entries of the table; only the table's own entries count.
 */

/**
 * The table's own entry for `key`, or undefined: never one inherited from Object.prototype.
 * @example
 * ownEntry(INVOICE_FILES_ERRORS, 'CUSTOMER_1002') // { status: 404, message: 'Customer does not exist' }
 * ownEntry(INVOICE_FILES_ERRORS, 'constructor')   // undefined
 */
export function ownEntry<T> (table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined
}
