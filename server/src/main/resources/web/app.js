/*
 * Trainyard UI, shared by every page: the REST client (same API as the CLI), the navigation bar,
 * the message area and small DOM helpers. User-provided text is only ever set with textContent or
 * as text nodes (never innerHTML), so dataset names, column names and errors cannot inject markup.
 */
'use strict';

const T = (() => {
  let me = null;

  /** An answer of the API that was not 2xx: status, message and the details list of its JSON error. */
  class ApiError extends Error {
    constructor(status, message, details) {
      super(message);
      this.status = status;
      this.details = Array.isArray(details) ? details : [];
      this.shown = false;
    }
  }

  // ---- DOM helpers ----

  /**
   * Creates an element. attrs: plain attributes, plus 'text' (textContent), 'class', 'data' (object
   * of data-* values) and 'on' (object of event listeners). Children: nodes, strings (as text), arrays.
   */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = String(v);
      else if (k === 'class') e.className = v;
      else if (k === 'data') Object.entries(v).forEach(([dk, dv]) => { e.dataset[dk] = String(dv); });
      else if (k === 'on') Object.entries(v).forEach(([ev, fn]) => e.addEventListener(ev, fn));
      else if (k === 'value') e.value = v;
      else if (k === 'checked' || k === 'selected' || k === 'disabled') e[k] = Boolean(v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    append(e, children);
    return e;
  }

  function append(parent, children) {
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      parent.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return parent;
  }

  /** Replaces the children of the element (or element id) with the given ones. */
  function fill(target, ...children) {
    const e = typeof target === 'string' ? document.getElementById(target) : target;
    e.replaceChildren();
    return append(e, children);
  }

  function $(id) {
    return document.getElementById(id);
  }

  /**
   * A table. columns: [{label, cell: row => node|string, cls}]. An empty list shows `empty` instead.
   */
  function table(columns, rows, empty, cls) {
    if (!rows || rows.length === 0) {
      return el('p', { class: 'empty', text: empty || 'Nothing here yet.' });
    }
    const head = el('tr', {}, columns.map(c => el('th', { class: c.cls || null, text: c.label })));
    const body = rows.map(r => el('tr', {}, columns.map(c => {
      const v = c.cell(r);
      return el('td', { class: c.cls || null }, v === undefined || v === null ? '' : v);
    })));
    return el('div', { class: 'table-wrap' }, el('table', { class: cls || null }, el('thead', {}, head),
      el('tbody', {}, body)));
  }

  /** A definition list of [label, value] pairs (values: nodes or text; null values skipped). */
  function props(pairs) {
    const dl = el('dl', { class: 'props' });
    for (const [k, v] of pairs) {
      if (v === undefined || v === null || v === '') continue;
      append(dl, [el('dt', { text: k }), el('dd', {}, v)]);
    }
    return dl;
  }

  function figure(k, v, id) {
    return el('div', { class: 'figure' }, el('div', { class: 'k', text: k }),
      el('div', { class: 'v', id: id || null, text: v }));
  }

  function badge(text, cls) {
    return el('span', { class: 'badge ' + (cls || String(text).toLowerCase()), text });
  }

  function progressCell(fraction, status) {
    const pct = Math.round(Math.max(0, Math.min(1, Number(fraction) || 0)) * 100);
    return el('div', { class: 'progress-cell' },
      el('progress', { max: 100, value: pct, class: status === 'succeeded' ? 'done' : null }),
      el('span', { text: pct + '%' }));
  }

  function link(href, text) {
    return el('a', { href, text });
  }

  // ---- formatting ----

  function fmtBytes(n) {
    if (n === null || n === undefined) return '';
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let v = Number(n);
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return (i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)) + ' ' + units[i];
  }

  function fmtTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (isNaN(d)) return String(iso);
    return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit',
      minute: '2-digit', second: '2-digit' });
  }

  /** A time of today as its clock time, an older one with its date too. */
  function fmtShort(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (isNaN(d)) return String(iso);
    const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    return d.toDateString() === new Date().toDateString() ? time
      : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' }) + ' ' + time;
  }

  function fmtAgo(iso) {
    if (!iso) return '';
    const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
    if (isNaN(s)) return String(iso);
    if (s < 2) return 'just now';
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.round(s / 60) + ' min ago';
    if (s < 86400) return Math.round(s / 3600) + ' h ago';
    return Math.round(s / 86400) + ' d ago';
  }

  function fmtDuration(fromIso, toIso) {
    if (!fromIso) return '';
    const ms = (toIso ? new Date(toIso) : new Date()) - new Date(fromIso);
    if (isNaN(ms) || ms < 0) return '';
    const s = ms / 1000;
    if (s < 60) return s.toFixed(1) + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.round((s % 3600) / 60) + ' min';
  }

  /** A metric value: integers as they are, other numbers with 4 significant decimals. */
  function fmtNum(v) {
    if (v === null || v === undefined) return '–';
    if (typeof v !== 'number') return String(v);
    if (Number.isInteger(v)) return String(v);
    return Math.abs(v) >= 1000 ? v.toFixed(1) : v.toFixed(4);
  }

  /** Any JSON value as short text (objects as compact JSON). */
  function fmtValue(v) {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return fmtNum(v);
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  }

  /** The headline metric of a metrics object: accuracy, then rmse, r2, auc, or the first one. */
  function keyMetric(metrics) {
    if (!metrics || typeof metrics !== 'object') return '';
    for (const k of ['accuracy', 'rmse', 'r2', 'auc']) {
      if (k in metrics) return k + ' ' + fmtNum(metrics[k]);
    }
    const first = Object.keys(metrics)[0];
    return first ? first + ' ' + fmtNum(metrics[first]) : '';
  }

  // ---- messages ----

  function messageArea() {
    let m = $('messages');
    if (!m) {
      m = el('div', { id: 'messages', 'aria-live': 'polite' });
      (document.querySelector('main') || document.body).prepend(m);
    }
    return m;
  }

  /** Shows a message (kind: error, ok or info) with an optional list of details; returns its element. */
  function message(kind, text, details, extra) {
    const close = el('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', text: '×' });
    const box = el('div', { class: 'msg ' + kind, role: kind === 'error' ? 'alert' : 'status' },
      el('span', { class: 'text', text }), extra || null,
      details && details.length ? el('ul', {}, details.map(d => el('li', { text: String(d) }))) : null, close);
    close.addEventListener('click', () => box.remove());
    messageArea().appendChild(box);
    return box;
  }

  function showError(err) {
    if (err && err.shown) return;
    if (err instanceof ApiError) {
      err.shown = true;
      message('error', err.message, err.details);
    } else {
      message('error', err && err.message ? err.message : String(err));
    }
  }

  function clearMessages() {
    messageArea().replaceChildren();
  }

  // ---- the API ----

  function loginUrl() {
    return '/login?next=' + encodeURIComponent(location.pathname + location.search);
  }

  async function csrfToken() {
    if (!me) {
      try {
        me = await request('GET', '/api/v1/auth/me', undefined, { quiet: true, noRedirect: true });
      } catch (e) {
        return null;
      }
    }
    return me ? me.csrf_token : null;
  }

  /**
   * Calls the API: `body` is sent as JSON unless it is a Blob/File or string. Non-GET requests carry
   * the session's CSRF token. A 401 leads to the login page (unless opts.noRedirect); any other
   * error is shown in the message area (unless opts.quiet) and thrown as an ApiError.
   */
  async function request(method, path, body, opts) {
    opts = opts || {};
    const headers = { Accept: 'application/json' };
    let payload;
    if (body !== undefined && body !== null) {
      if (body instanceof Blob || typeof body === 'string') {
        payload = body;
      } else {
        headers['Content-Type'] = 'application/json';
        payload = JSON.stringify(body);
      }
    }
    if (method !== 'GET' && method !== 'HEAD' && opts.csrf !== false) {
      const token = await csrfToken();
      if (token) headers['X-CSRF-Token'] = token;
    }
    let res;
    try {
      res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
    } catch (e) {
      const err = new ApiError(0, 'cannot reach the server (' + e.message + ')', []);
      if (!opts.quiet) showError(err);
      throw err;
    }
    const text = await res.text();
    let data = null;
    if (text && (res.headers.get('Content-Type') || '').includes('json')) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = null;
      }
    }
    if (res.status === 401 && !opts.noRedirect) {
      location.href = loginUrl();
      const err = new ApiError(401, 'please log in', []);
      err.shown = true;
      throw err;
    }
    if (res.status === 403 && headers['X-CSRF-Token'] && !opts.retried && data && /CSRF/.test(data.error || '')) {
      // the session changed (a login in another tab): fetch its token once and try again
      me = null;
      return request(method, path, body, Object.assign({}, opts, { retried: true }));
    }
    if (!res.ok) {
      const msg = data && data.error ? data.error : (res.status + ' ' + (res.statusText || 'error'));
      const err = new ApiError(res.status, msg, data && data.details);
      if (!opts.quiet) showError(err);
      throw err;
    }
    return data === null && text && !opts.raw ? text : data;
  }

  /** Uploads a file as the raw request body with upload progress (fetch has none): resolves to the JSON. */
  function upload(path, file, onProgress) {
    return csrfToken().then(token => new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      xhr.withCredentials = true;
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      if (token) xhr.setRequestHeader('X-CSRF-Token', token);
      xhr.upload.addEventListener('progress', e => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      });
      xhr.addEventListener('load', () => {
        let data = null;
        try {
          data = JSON.parse(xhr.responseText);
        } catch (e) {
          data = null;
        }
        if (xhr.status === 401) {
          location.href = loginUrl();
          return;
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress(1);
          resolve(data);
        } else {
          reject(new ApiError(xhr.status, data && data.error ? data.error : 'upload failed: HTTP ' + xhr.status,
            data && data.details));
        }
      });
      xhr.addEventListener('error', () => reject(new ApiError(0, 'the upload was interrupted (network error)', [])));
      xhr.addEventListener('abort', () => reject(new ApiError(0, 'the upload was cancelled', [])));
      xhr.send(file);
    }));
  }

  // ---- navigation and page start ----

  const LINKS = [
    ['/', 'Dashboard'],
    ['/datasets', 'Datasets'],
    ['/jobs', 'Jobs'],
    ['/jobs/new', 'New job'],
    ['/models', 'Models'],
    ['/account', 'Account'],
  ];

  function current(href) {
    const p = location.pathname.replace(/\/+$/, '') || '/';
    if (href === '/') return p === '/';
    if (href === '/jobs') return p === '/jobs' || (p.startsWith('/jobs/') && p !== '/jobs/new');
    return p === href || p.startsWith(href + '/');
  }

  function renderNav(user) {
    const links = LINKS.slice();
    if (user.role === 'admin') links.push(['/admin', 'Admin']);
    const logout = el('button', { type: 'button', id: 'logout', class: 'small', text: 'Log out' });
    logout.addEventListener('click', async () => {
      try {
        await request('POST', '/api/v1/auth/logout', undefined, { quiet: true, noRedirect: true });
      } catch (e) {
        // the session may be gone already; the login page is where we go either way
      }
      location.href = '/login';
    });
    const nav = el('nav', { class: 'nav', 'aria-label': 'Main' },
      el('a', { class: 'brand', href: '/' }, el('span', { class: 'logo', 'aria-hidden': 'true' }), 'Trainyard'),
      el('div', { class: 'nav-links' }, links.map(([href, label]) =>
        el('a', { href, text: label, 'aria-current': current(href) ? 'page' : null }))),
      el('div', { class: 'nav-user' }, el('span', { class: 'who', id: 'nav-user', text: user.user }),
        badge(user.role, user.role), logout));
    const slot = $('nav');
    if (slot) slot.replaceWith(nav);
    else document.body.prepend(nav);
  }

  /** Starts a page: loads the caller (to the login page if there is none), draws the nav, runs init(me). */
  async function page(init) {
    try {
      me = await request('GET', '/api/v1/auth/me', undefined, { quiet: true });
    } catch (e) {
      if (e.status !== 401) showError(e);
      return;
    }
    renderNav(me);
    try {
      await init(me);
    } catch (e) {
      showError(e);
    }
    document.body.dataset.ready = 'true';
  }

  function param(name) {
    return new URLSearchParams(location.search).get(name);
  }

  /** The path segment at index i (0 is the first after the leading slash), decoded. */
  function segment(i) {
    const parts = location.pathname.split('/').filter(Boolean);
    return parts[i] === undefined ? null : decodeURIComponent(parts[i]);
  }

  /** A same-site path to go to after login: only "/x..." (never "//host" or "/\host"), else "/". */
  function localPath(next) {
    if (typeof next !== 'string' || !/^\/(?![\/\\])/.test(next) || /[\u0000-\u001f]/.test(next)) return '/';
    return next;
  }

  function enc(s) {
    return encodeURIComponent(s);
  }

  /** Disables a button while an async action runs; errors are shown. */
  function busy(button, fn) {
    return async (...args) => {
      button.disabled = true;
      try {
        return await fn(...args);
      } catch (e) {
        showError(e);
      } finally {
        button.disabled = false;
      }
    };
  }

  return {
    ApiError, el, append, fill, $, table, props, figure, badge, progressCell, link,
    fmtBytes, fmtTime, fmtShort, fmtAgo, fmtDuration, fmtNum, fmtValue, keyMetric,
    message, showError, clearMessages,
    api: request, upload, page, param, segment, localPath, enc, busy,
    me: () => me,
  };
})();

/** The shared API helper: api(method, path, body) → parsed JSON (see T.api for options). */
function api(method, path, body, opts) {
  return T.api(method, path, body, opts);
}
