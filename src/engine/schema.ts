/**
 * Schema helpers shared by every API's schemas.ts.
 */
import { Type, type TUnsafe } from '../typebox.js'

/**
 * A string enum spelled the OpenAPI 3.0 way (`type` + `enum`), typed as the union of its values.
 * @example
 * const StatusValue = StringEnum(['PENDIENTE', 'PAGADO'], { description: 'Invoice state' })
 */
export function StringEnum<const T extends readonly string[]> (values: T, options: { description?: string, default?: T[number] } = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })
}
