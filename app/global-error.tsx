'use client'
// The last resort when even the root layout failed: it replaces the layout, so it brings its own
// page shell, with the same message as any other failed page.
import PageError from './error'
import { SiteFrame } from './_ui/frame'
import './globals.css'

export default function GlobalError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <SiteFrame>
      <PageError {...props} />
    </SiteFrame>
  )
}
