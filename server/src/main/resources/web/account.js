/* Account: the caller's API tokens (a new token is shown once) and a password change. */
'use strict';

T.page(async me => {
  const { el, fill, table, badge, fmtTime, fmtAgo } = T;
  fill('subtitle', 'Signed in as ', el('strong', { text: me.user }), ' · role ', badge(me.role, me.role));

  async function loadTokens() {
    const tokens = await T.api('GET', '/api/v1/tokens');
    fill('tokens', tokenTable(tokens, false, loadTokens));
  }

  T.$('token-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = { name: T.$('token-name').value.trim() };
    const days = T.$('token-days').value.trim();
    if (days) {
      if (!/^\d+$/.test(days) || Number(days) < 1) {
        T.message('error', 'expires_in_days must be a whole number of days, at least 1, was ' + days);
        return;
      }
      body.expires_in_days = Number(days);
    }
    try {
      const t = await T.api('POST', '/api/v1/tokens', body);
      const copy = el('button', { type: 'button', class: 'small secondary', text: 'Copy' });
      copy.addEventListener('click', () => navigator.clipboard && navigator.clipboard.writeText(t.token));
      fill('new-token', el('div', { class: 'msg ok' },
        el('div', {}, 'Token ', el('strong', { text: t.name }), ' created' + (t.expires_at ? ', expires ' + fmtTime(t.expires_at) : '')
          + '. Copy it now: it is not shown again.'),
        el('code', { class: 'secret', id: 'new-token-value', text: t.token }), copy));
      T.$('token-form').reset();
      await loadTokens();
    } catch (e) {
      // shown
    }
  });

  T.$('password-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const next = T.$('new-password').value;
    if (next !== T.$('repeat').value) {
      fill('repeat-error', 'The two new passwords differ.');
      return;
    }
    fill('repeat-error');
    try {
      await T.api('POST', '/api/v1/auth/password', { current: T.$('current').value, new: next });
      T.message('ok', 'Password changed.');
      T.$('password-form').reset();
    } catch (e) {
      // shown
    }
  });

  await loadTokens();
});
