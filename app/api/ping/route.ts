// A trivial route: the benchmark's measure of the framework's own ceiling (SPEC §7).
export const dynamic = 'force-dynamic'
export function GET(): Response {
  return Response.json({ ok: true })
}
