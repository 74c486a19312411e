/* The token table shared by the account and admin pages. */
'use strict';

/** A table of tokens with their state and a revoke button; `withUser` adds the owner column. */
function tokenTable(tokens, withUser, reload) {
  const { el, table, badge, fmtTime, fmtAgo } = T;
  const state = t => (t.revoked_at ? 'revoked' : t.expires_at && new Date(t.expires_at) < new Date() ? 'expired' : 'active');
  const cols = [];
  if (withUser) cols.push({ label: 'User', cell: t => t.user || '' });
  cols.push(
    { label: 'Name', cell: t => t.name },
    { label: 'Id', cell: t => el('code', { text: t.id }) },
    { label: 'State', cell: t => badge(state(t), state(t) === 'active' ? 'ok' : state(t)) },
    { label: 'Created', cell: t => el('span', { title: fmtTime(t.created_at), text: fmtAgo(t.created_at) }) },
    { label: 'Expires', cell: t => (t.expires_at ? fmtTime(t.expires_at) : 'never') },
    { label: 'Last used', cell: t => (t.last_used_at ? fmtAgo(t.last_used_at) : 'never') },
    {
      label: '', cell: t => {
        if (state(t) !== 'active') return '';
        const b = el('button', { type: 'button', class: 'danger small', text: 'Revoke' });
        b.addEventListener('click', T.busy(b, async () => {
          if (!confirm('Revoke token "' + t.name + '"? Clients using it stop working.')) return;
          await T.api('DELETE', '/api/v1/tokens/' + T.enc(t.id));
          T.message('ok', 'Token ' + t.name + ' revoked.');
          await reload();
        }));
        return b;
      },
    });
  return table(cols, tokens, 'No tokens.');
}
