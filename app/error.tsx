'use client'
// What a page shows when it fails after rendering began (the database vanished mid-page, or a
// server action failed): a plain explanation inside the normal layout, and a way to retry.
import { Button } from './_ui/button'
import { Card } from './_ui/card'

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-md">
      <title>Temporarily unavailable · Gatehouse</title>
      <Card title="Temporarily unavailable">
        <p role="alert" className="mb-4 text-sm text-slate-700">
          This page could not be shown just now. If Gatehouse is busy or cannot reach its database,
          this passes by itself: please try again in a few seconds.
        </p>
        {/* The digest names the failure in the server's log without revealing anything here. */}
        {error.digest ? <p className="mb-4 text-xs text-slate-500">Reference: <code>{error.digest}</code></p> : null}
        <Button type="button" onClick={() => reset()}>Try again</Button>
      </Card>
    </div>
  )
}
