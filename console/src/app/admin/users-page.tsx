/**
 * /admin/users — every account with its role and status; an admin disables or enables it and
 * changes its role. The server ends the person's sessions at once (tokens and live sockets);
 * the page only says so. Creating and deleting accounts is in the API (/v1/admin/users).
 */
import { ROUTES } from '@borderflow/client';
import { useCallback, useEffect, useState } from 'react';
import { ZRoleSchema, type AdminUser, type Role } from '@borderflow/contracts';
import { useApi, useAuth } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';
import { TableScroll } from '../shared/table-scroll.tsx';
import { DemoFeederSwitch } from './demo-feeder-switch.tsx';

const ROLES = ZRoleSchema.options;

function UserRow({ user, isMe, onChanged }: { user: AdminUser; isMe: boolean; onChanged: (u: AdminUser) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const { notify, notifyError } = useNotices();
  const [role, setRole] = useState<Role>(user.role);
  const [busy, setBusy] = useState(false);

  const act = (send: () => Promise<AdminUser>, done: string) => {
    setBusy(true);
    send()
      .then((next) => {
        onChanged(next);
        setRole(next.role);
        notify({ kind: 'success', title: done });
      })
      .catch((err: unknown) => notifyError(err))
      .finally(() => setBusy(false));
  };

  return (
    <tr data-testid={`user-${user.username}`}>
      <td translate="no">
        {user.username} {isMe ? <span className="muted">{t('admin.users.you')}</span> : null}
      </td>
      <td translate="no">{user.displayName}</td>
      <td>
        <select aria-label={`${t('admin.users.role')} ${user.username}`} value={role} disabled={isMe || busy} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>{' '}
        {role !== user.role ? (
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() =>
              act(() => api.call(ROUTES.changeUserRole, { params: { userId: user.id }, body: { role } }), t('admin.users.roleDone', { username: user.username }))
            }
          >
            {t('admin.users.saveRole')}
          </button>
        ) : null}
      </td>
      <td>
        <span className={`badge ${user.disabledAt ? 'badge-status-closed' : 'badge-status-open'}`}>{user.disabledAt ? t('admin.users.disabled') : t('admin.users.active')}</span>
      </td>
      <td>
        {isMe ? null : user.disabledAt ? (
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => act(() => api.call(ROUTES.enableUser, { params: { userId: user.id }, body: {} }), t('admin.users.enabledDone', { username: user.username }))}
          >
            {t('admin.users.enable')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-small btn-danger"
            disabled={busy}
            onClick={() => act(() => api.call(ROUTES.disableUser, { params: { userId: user.id }, body: {} }), t('admin.users.disabledDone', { username: user.username }))}
          >
            {t('admin.users.disable')}
          </button>
        )}
      </td>
    </tr>
  );
}

export default function UsersPage() {
  const { t } = useI18n();
  const api = useApi();
  const { session } = useAuth();
  const { notifyError } = useNotices();
  const [users, setUsers] = useState<AdminUser[] | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api
      .call(ROUTES.listUsers, { signal: controller.signal })
      .then((list) => setUsers(list.users))
      .catch((err: unknown) => {
        if ((err as { name?: string }).name !== 'AbortError') notifyError(err);
      });
    return () => controller.abort();
  }, [api, notifyError]);

  const replace = useCallback((next: AdminUser) => setUsers((all) => (all ? all.map((u) => (u.id === next.id ? next : u)) : all)), []);

  return (
    <section className="page" data-testid="users-page">
      <h1>{t('admin.users.title')}</h1>
      <p className="muted">{t('admin.users.intro')}</p>
      <DemoFeederSwitch />
      {users === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <TableScroll label={t('admin.users.title')}>
          <table className="table">
            <thead>
              <tr>
                <th>{t('admin.users.username')}</th>
                <th>{t('admin.users.name')}</th>
                <th>{t('admin.users.role')}</th>
                <th>{t('admin.users.status')}</th>
                <th>{t('admin.users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <UserRow key={u.id} user={u} isMe={u.id === session?.user.id} onChanged={replace} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
