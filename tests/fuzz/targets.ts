// Every address the fuzz test visits: the machine endpoints from lib/endpoints.ts and every page
// and route handler under app/ (dynamic segments filled in by the generator).
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { endpoints } from '@/lib/endpoints'

const appDirectory = path.resolve(import.meta.dirname, '../../app')

function routesUnder(directory: string, prefix: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      // Folders starting with _ are private (not routes); (groups) add no path segment.
      if (entry.name.startsWith('_')) continue
      const segment = entry.name.startsWith('(') ? '' : `/${entry.name}`
      found.push(...routesUnder(path.join(directory, entry.name), prefix + segment))
    } else if (/^(page|route)\.tsx?$/.test(entry.name)) {
      found.push(prefix || '/')
    }
  }
  return found
}

export function allTargets(): string[] {
  return [...new Set([...Object.keys(endpoints), ...routesUnder(appDirectory, '')])].sort()
}

/** Paths with a dynamic segment ("[id]") filled with `value`. */
export function fillSegments(route: string, value: () => string): string {
  return route.replace(/\[[^\]]+\]/g, () => value())
}
