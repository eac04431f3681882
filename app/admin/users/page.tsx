import { database } from '@/db/client'
import { assignablePermissions, heldPermissions } from '@/lib/admin/permissions'
import { listUsers } from '@/lib/admin/users'
import { Button } from '../../_ui/button'
import { DateTime } from '../../_ui/date'
import { Card } from '../../_ui/card'
import { requireAdmin } from '../../_server/session'
import { ActionForm } from '../action-form'
import { Pager } from '../nav'
import { ResetFactorsForm } from './reset-factors'
import { deleteUserAction, disableUserAction, enableUserAction, setPermissionsAction } from './actions'

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  const { user: admin } = await requireAdmin()
  const { q = '', page = '1' } = await searchParams
  const db = await database()
  const [result, permissions] = await Promise.all([listUsers(db, String(q), Number(page)), assignablePermissions(db)])
  return (
    <div>
      <Card title="Users">
        <form method="get" action="/admin/users" className="mb-4 flex items-end gap-2" role="search">
          <div className="flex-1">
            <label htmlFor="user-search" className="block text-sm font-medium text-slate-800">Search users</label>
            <input id="user-search" name="q" defaultValue={q} placeholder="Username or email" className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2" />
          </div>
          <Button type="submit" variant="secondary">Search</Button>
        </form>
        <p className="mb-2 text-sm text-slate-500">{result.total} {result.total === 1 ? 'user' : 'users'}</p>
        <ul className="divide-y divide-slate-200" aria-label="Users">
          {result.users.map((user) => {
            const held = heldPermissions(user)
            return (
              <li key={user.id} className="py-4 text-sm" aria-label={user.username}>
                <div className="mb-2 break-words">
                  <span className="font-medium">{user.username}</span> · {user.email} · joined <DateTime value={user.createdAt} dateOnly />
                  {user.isAdmin ? <span className="ml-2 rounded bg-indigo-100 px-2 py-0.5 text-xs text-indigo-800">Admin</span> : null}
                  {user.disabledAt ? <span className="ml-2 rounded bg-red-100 px-2 py-0.5 text-xs text-red-800">Disabled</span> : null}
                </div>
                <ActionForm action={setPermissionsAction} label={`Permissions of ${user.username}`} className="mb-2">
                  <input type="hidden" name="userId" value={user.id} />
                  <fieldset className="flex flex-wrap items-center gap-3">
                    <legend className="sr-only">Permissions of {user.username}</legend>
                    {permissions.map((name) => (
                      <label key={name} className="inline-flex items-center gap-1">
                        <input type="checkbox" name="permissions" value={name} defaultChecked={held.includes(name)} />
                        {name}
                      </label>
                    ))}
                    <Button type="submit" variant="secondary">Save permissions<span className="sr-only"> of {user.username}</span></Button>
                  </fieldset>
                </ActionForm>
                {user.id === admin.id ? <p className="text-xs text-slate-500">This is you.</p> : (
                  <div className="flex flex-wrap items-start gap-3">
                    {user.disabledAt ? (
                      <ActionForm action={enableUserAction} label={`Enable ${user.username}`}>
                        <input type="hidden" name="userId" value={user.id} />
                        <Button type="submit" variant="secondary">Enable<span className="sr-only"> {user.username}</span></Button>
                      </ActionForm>
                    ) : (
                      <ActionForm action={disableUserAction} label={`Disable ${user.username}`}>
                        <input type="hidden" name="userId" value={user.id} />
                        <Button type="submit" variant="secondary">Disable<span className="sr-only"> {user.username}</span></Button>
                      </ActionForm>
                    )}
                    <ResetFactorsForm userId={user.id} username={user.username} />
                    <ActionForm action={deleteUserAction} label={`Delete ${user.username}`} className="flex items-center gap-2">
                      <input type="hidden" name="userId" value={user.id} />
                      <label className="inline-flex items-center gap-1 text-xs">
                        <input type="checkbox" name="confirm" value="yes" required />
                        Confirm deleting {user.username}
                      </label>
                      <Button type="submit" variant="danger">Delete<span className="sr-only"> {user.username}</span></Button>
                    </ActionForm>
                  </div>
                )}
              </li>
            )
          })}
        </ul>
        <Pager path="/admin/users" params={{ q }} page={result.page} pages={result.pages} />
      </Card>
    </div>
  )
}
