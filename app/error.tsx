'use client'
// What a page shows when it fails after rendering began (the database vanished mid-page, or a
// server action failed): a plain explanation inside the normal layout, and a way to retry.
import { Button } from './_ui/button'
import { Card } from './_ui/card'

export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-md">
      <Card title="Temporarily unavailable">
        <p role="alert" className="mb-4 text-sm text-slate-700">
          This page could not be shown just now. If Gatehouse is busy or cannot reach its database,
          this passes by itself: please try again in a few seconds.
        </p>
        <Button type="button" onClick={() => reset()}>Try again</Button>
      </Card>
    </div>
  )
}
