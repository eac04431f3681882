// Module hooks for tests that import app/ modules outside Next: `server-only` (which throws
// unless bundled for the server by Next) resolves to an empty module.
export async function resolve(specifier, context, next) {
  return specifier === 'server-only' ? { url: 'data:text/javascript,', shortCircuit: true } : next(specifier, context)
}
