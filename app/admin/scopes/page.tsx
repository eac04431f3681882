import { database } from '@/db/client'
import { listScopes } from '@/lib/oauth/scopes/catalog'
import { Button } from '../../_ui/button'
import { Card } from '../../_ui/card'
import { requireAdmin } from '../../_server/session'
import { ActionForm } from '../action-form'
import { deleteScopeAction } from './actions'
import { AddScopeForm, EditScopeForm } from './forms'

export default async function AdminScopesPage() {
  await requireAdmin()
  const scopes = await listScopes(await database())
  return (
    <div>
      <Card title="Scope catalog">
        <ul className="divide-y divide-slate-200" aria-label="Scopes">
          {scopes.map((scope) => (
            <li key={scope.name} className="py-3 text-sm" aria-label={scope.name}>
              <div className="mb-2">
                <code className="font-medium">{scope.name}</code>
                {scope.builtin ? <span className="ml-2 rounded bg-slate-100 px-2 py-0.5 text-xs">Built-in</span> : null}
                {scope.restricted ? <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">Restricted</span> : null}
                {scope.builtin ? <span className="ml-2 text-slate-600">{scope.description}</span> : null}
              </div>
              {scope.builtin ? null : (
                <div className="flex flex-wrap items-end gap-3">
                  <EditScopeForm name={scope.name} description={scope.description} restricted={scope.restricted} />
                  <ActionForm action={deleteScopeAction} label={`Delete ${scope.name}`}>
                    <input type="hidden" name="name" value={scope.name} />
                    <Button type="submit" variant="danger">Delete<span className="sr-only"> {scope.name}</span></Button>
                  </ActionForm>
                </div>
              )}
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Add a scope">
        <AddScopeForm />
      </Card>
    </div>
  )
}
