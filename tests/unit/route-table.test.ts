// Every app/**/route.ts is a one-liner over the endpoint table, and the table and the route files
// name the same paths: a route file without a table entry, or an entry without a route file, fails.
// A path or method outside the table fails to compile (the @ts-expect-error lines below).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { register } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROUTE_METHODS, type Method } from '@/lib/dispatch'
import { browserEndpoints, endpoints } from '@/lib/endpoints'
import { jsonResponse } from '@/lib/response'
import { nextRoute, type RouteHandler } from '@/lib/web-adapter'

process.env.AUTH_SECRET ??= 'test-secret-that-is-long-enough-0123456789'
register('../helpers/server-only-hooks.mjs', import.meta.url)

const appFolder = path.resolve('app')
/** Route segment settings Next reads from a route file besides its method handlers. */
const segmentSettings = new Set(['dynamic', 'revalidate', 'runtime', 'fetchCache', 'preferredRegion', 'maxDuration', 'dynamicParams'])

function routeFiles(): { file: string; urlPath: string }[] {
  return readdirSync(appFolder, { recursive: true, encoding: 'utf8' })
    .filter((entry) => path.basename(entry) === 'route.ts')
    .map((entry) => {
      // Route groups `(name)` are not part of the URL.
      const segments = path.dirname(entry).split(path.sep).filter((segment) => segment !== '.' && !/^\(.*\)$/.test(segment))
      return { file: path.join(appFolder, entry), urlPath: `/${segments.join('/')}` }
    })
}

const tableMethods: Record<string, readonly Method[]> = {
  ...Object.fromEntries(Object.entries(endpoints).map(([urlPath, methods]) => [urlPath, Object.keys(methods) as Method[]])),
  ...browserEndpoints,
}

describe('route files and the endpoint table', () => {
  it('name the same paths', () => {
    assert.deepEqual(routeFiles().map((route) => route.urlPath).sort(), Object.keys(tableMethods).sort())
  })

  it('every route file exports every method from nextRoute() for its own path, so Next answers none itself', async () => {
    for (const { file, urlPath } of routeFiles()) {
      const exported = await import(pathToFileURL(file).href) as Record<string, unknown>
      const handlers = Object.keys(exported).filter((name) => !segmentSettings.has(name))
      assert.deepEqual(handlers.sort(), [...ROUTE_METHODS].sort(), `${urlPath}: exports`)
      for (const method of ROUTE_METHODS) {
        assert.equal((exported[method] as RouteHandler).endpointPath, urlPath, `${urlPath}: ${method} is not nextRoute('${urlPath}')`)
      }
    }
  })

  it('every route file answers exactly the table\'s methods: others get 405 with Allow from the table', async () => {
    for (const { file, urlPath } of routeFiles()) {
      const exported = await import(pathToFileURL(file).href) as Record<string, RouteHandler>
      const response = await exported.PATCH(new Request(`http://localhost${urlPath}`, { method: 'PATCH' }))
      assert.equal(response.status, 405, urlPath)
      const expected = tableMethods[urlPath].flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method]))
      assert.deepEqual(response.headers.get('allow')?.split(', '), [...expected, 'OPTIONS'], urlPath)
    }
  })

  it('a wrong path, a missing method or a method outside the table does not compile', () => {
    const ping = async () => jsonResponse({ ok: true })
    const attempts = [
      // @ts-expect-error a path outside the table
      () => nextRoute('/oauth/tokn'),
      // @ts-expect-error a browser endpoint given other methods than its own
      () => nextRoute('/logout', { GET: ping }),
      // @ts-expect-error a machine endpoint has no handler for a method outside its entry
      () => endpoints['/oauth/token'].GET,
    ]
    assert.equal(attempts.length, 3)
  })
})
