// Child process for tests/unit/data-dir-lock.test.ts: opens the embedded database under DATA_DIR,
// says "ready", and holds it until its stdin closes (or 60 s pass), then closes it cleanly.
import { closeDatabase, database } from '@/db/client'

async function main(): Promise<void> {
  await database()
  process.stdout.write(`ready ${process.pid}\n`)
  const release = async () => { await closeDatabase(); process.exit(0) }
  process.stdin.on('end', release)
  process.stdin.on('close', release)
  process.stdin.resume()
  setTimeout(release, 60_000).unref()
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
