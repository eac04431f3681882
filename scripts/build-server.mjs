// Bundles the lean server (server/index.ts and the lib/ code it calls) into dist/server.mjs.
// Packages stay external: node loads them from node_modules, the same copies Next loads.
import { build } from 'esbuild'

await build({
  entryPoints: ['server/index.ts'],
  outfile: 'dist/server.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  tsconfig: 'tsconfig.json',
  sourcemap: true,
  logLevel: 'warning',
})
