'use client'
// A form's "Saved." must not outlive the moment it describes: it goes away once the user types in
// that form again or submits any other form on the page (rotating a secret, say).
import { useEffect, useRef, useState, type RefObject } from 'react'

export function useFleetingMessage(answer: unknown): { visible: boolean; formRef: RefObject<HTMLFormElement | null>; hide: () => void } {
  const formRef = useRef<HTMLFormElement>(null)
  const [hiddenAnswer, setHiddenAnswer] = useState<unknown>(null)
  useEffect(() => {
    const hideOnOtherSubmit = (event: Event) => {
      if (event.target !== formRef.current) setHiddenAnswer(answer)
    }
    document.addEventListener('submit', hideOnOtherSubmit, true)
    return () => document.removeEventListener('submit', hideOnOtherSubmit, true)
  }, [answer])
  return { visible: hiddenAnswer !== answer, formRef, hide: () => setHiddenAnswer(answer) }
}
