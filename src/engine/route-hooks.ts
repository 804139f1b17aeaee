/**
 * Hooks that only some routes need are added to those routes as they register (in `onRoute`), rather than
 * as context-wide hooks that would ask every request which route it is on.
 */
import type { RouteOptions } from 'fastify'

type RouteHookName = 'onRequest' | 'preHandler' | 'onSend'

/**
 * Appends `hook` to the route's own hooks of that kind, keeping the ones it has; never twice.
 * @example
 * app.addHook('onRoute', (route) => { if (needsAuth(route)) addRouteHook(route, 'onRequest', authenticate) })
 */
export function addRouteHook (route: RouteOptions, name: RouteHookName, hook: (...args: any[]) => unknown): void {
  const existing = [route[name] ?? []].flat() as Array<(...args: any[]) => unknown>
  if (existing.includes(hook)) return
  // A new array: Fastify's HEAD twin of a GET route starts from a shallow copy of the GET's options.
  ;(route as Record<RouteHookName, unknown>)[name] = [...existing, hook]
}
