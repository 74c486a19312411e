/* Login page: POST /api/v1/auth/login, then on to the local path in ?next= (never another site). */
'use strict';

(async () => {
  const wanted = T.localPath(T.param('next'));
  const next = /^\/login(?:[/?#]|$)/.test(wanted) ? '/' : wanted; // never back to this page (a redirect loop)
  try {
    await T.api('GET', '/api/v1/auth/me', undefined, { quiet: true, noRedirect: true });
    location.replace(next); // already logged in
    return;
  } catch (e) {
    // not logged in: show the form
  }
  const form = T.$('login-form');
  const button = T.$('login');
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    T.clearMessages();
    button.disabled = true;
    try {
      await T.api('POST', '/api/v1/auth/login', { user: T.$('user').value.trim(), password: T.$('password').value },
        { noRedirect: true, csrf: false, quiet: true });
      location.href = next;
    } catch (e) {
      const text = e.status === 401 ? 'Wrong user name or password.'
        : e.status === 429 ? 'Too many attempts: ' + e.message : e.message;
      T.message('error', text, e.status === 401 ? [] : e.details);
      T.$('password').value = '';
      T.$('password').focus();
    } finally {
      button.disabled = false;
    }
  });
  document.body.dataset.ready = 'true';
})();
