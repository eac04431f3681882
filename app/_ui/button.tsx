import type { ButtonHTMLAttributes } from 'react'

const styles = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-700',
  secondary: 'bg-white text-slate-800 border border-slate-300 hover:bg-slate-50',
  danger: 'bg-red-600 text-white hover:bg-red-700',
}

export function Button({ variant = 'primary', className = '', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof styles }) {
  return <button className={`inline-flex items-center rounded-md px-4 py-2 text-sm font-semibold shadow-sm disabled:opacity-50 ${styles[variant]} ${className}`} {...props} />
}
