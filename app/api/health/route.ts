import { healthCheck } from '@/lib/health'

export const dynamic = 'force-dynamic'
export const GET = healthCheck
