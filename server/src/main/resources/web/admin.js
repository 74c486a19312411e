/* Admin: cluster members and queues, users and roles, everyone's tokens, the audit log. */
'use strict';

T.page(async me => {
  const { el, fill, table, props, figure, badge, fmtTime, fmtAgo, fmtValue } = T;

  // ---- cluster
  async function loadCluster() {
    const c = await T.api('GET', '/api/v1/cluster', undefined, { quiet: true });
    const members = Array.isArray(c.members) ? c.members : [];
    const depth = c.queue_depth || {};
    fill('cluster-figures',
      figure('Queue', fmtValue(c.queue || '–')),
      figure('Queued high', fmtValue(depth.high ?? 0)),
      figure('Queued normal', fmtValue(depth.normal ?? 0)),
      figure('Queued low', fmtValue(depth.low ?? 0)),
      figure('Active jobs', fmtValue(Array.isArray(c.active_jobs) ? c.active_jobs.length : c.active_jobs ?? 0)),
      figure('Members alive', members.filter(m => m.alive).length + ' / ' + members.length));
    const workers = Array.isArray(c.workers) ? c.workers : null;
    const shards = Array.isArray(c.ps_shards) ? c.ps_shards : null;
    const blocks = [];
    if (workers) {
      blocks.push(el('h3', { text: 'Workers' }), genericTable(workers, 'No worker processes have registered (local slots of a standalone coordinator run inside it).'));
    }
    if (shards) {
      blocks.push(el('h3', { text: 'Parameter-server shards' }));
      if (!shards.length) blocks.push(el('p', { class: 'empty', text: 'No PS shards have registered.' }));
      for (const sh of shards) blocks.push(shardBlock(sh));
    }
    if (!workers && !shards) blocks.push(el('h3', { text: 'Members' }), genericTable(members, 'No workers or PS shards have registered.'));
    fill('members', blocks);
    const extra = [];
    for (const [k, v] of Object.entries(c)) {
      if (['queue', 'queue_depth', 'active_jobs', 'members', 'workers', 'ps_shards'].includes(k)) continue;
      extra.push(el('h3', { text: k.replace(/_/g, ' ') }));
      if (Array.isArray(v) && v.length && typeof v[0] === 'object') extra.push(genericTable(v, ''));
      else if (v && typeof v === 'object' && !Array.isArray(v)) extra.push(props(Object.entries(v).map(([a, b]) => [a, fmtValue(b)])));
      else extra.push(el('p', { text: fmtValue(v) }));
    }
    if (Array.isArray(c.active_jobs) && c.active_jobs.length) {
      extra.push(el('h3', { text: 'active jobs' }), el('p', {}, c.active_jobs.map((j, i) => [i ? ', ' : '',
        T.link('/jobs/' + T.enc(typeof j === 'object' ? j.id : j), typeof j === 'object' ? j.id : String(j))])));
    }
    fill('cluster-extra', extra);
    fill('cluster-note', 'updated ' + new Date().toLocaleTimeString());
  }

  /** One PS shard: its state, memory and the tables it holds. */
  function shardBlock(sh) {
    const rest = Object.entries(sh).filter(([k]) => !['tables', 'id', 'alive'].includes(k));
    return el('div', { class: 'card' },
      el('div', { class: 'card-head' }, el('strong', { class: 'mono', text: sh.id }),
        el('span', {}, badge(sh.alive ? 'alive' : 'dead'), ' ', sh.reachable === false ? badge('unreachable', 'failed') : null)),
      props(rest.map(([k, v]) => [label(k), field(k, v)])),
      Array.isArray(sh.tables) ? [el('h3', { text: 'Tables' }), genericTable(sh.tables, 'No tables.')] : null);
  }

  const LABELS = { heartbeat_age_seconds: 'heartbeat', last_heartbeat: 'last heartbeat', running_tasks: 'running tasks',
    parameter_bytes: 'parameters', table_count: 'tables' };
  const label = k => LABELS[k] || k.replace(/_/g, ' ');

  /** A cluster value for people: ages and sizes with units, booleans as words or badges. */
  function field(k, v) {
    if (k === 'alive') return badge(v ? 'alive' : 'dead');
    if (k.endsWith('_seconds') && typeof v === 'number') return v.toFixed(1) + ' s ago';
    if (k.endsWith('bytes') && typeof v === 'number') return el('span', { title: v + ' bytes', text: T.fmtBytes(v) });
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    if ((k.endsWith('_at') || k === 'last_heartbeat') && typeof v === 'string') return el('span', { title: fmtTime(v), text: fmtAgo(v) });
    if (Array.isArray(v)) return el('span', { class: 'cell-text mono small', text: v.length ? v.map(fmtValue).join(', ') : '–' });
    if (v && typeof v === 'object') return el('span', { class: 'cell-text mono small', text: JSON.stringify(v) });
    return el('span', { class: 'cell-text', text: v === null || v === undefined ? '–' : fmtValue(v) });
  }

  /** A table of objects with the union of their keys. */
  function genericTable(rows, empty) {
    const keys = [];
    rows.forEach(r => Object.keys(r).forEach(k => { if (!keys.includes(k)) keys.push(k); }));
    return table(keys.map(k => ({ label: label(k), cell: r => field(k, r[k]) })), rows, empty);
  }

  // ---- users
  async function loadUsers() {
    const users = await T.api('GET', '/api/v1/users');
    fill('users', table([
      { label: 'Name', cell: u => el('strong', { text: u.name }) },
      {
        label: 'Role', cell: u => {
          const s = el('select', { 'aria-label': 'role of ' + u.name }, ['admin', 'researcher', 'viewer'].map(r =>
            el('option', { value: r, text: r, selected: r === u.role })));
          s.addEventListener('change', async () => {
            try {
              await T.api('PATCH', '/api/v1/users/' + T.enc(u.name), { role: s.value });
              T.message('ok', u.name + ' is now ' + s.value + '.');
            } catch (e) {
              s.value = u.role;
            }
          });
          return s;
        },
      },
      { label: 'State', cell: u => badge(u.disabled ? 'disabled' : 'active', u.disabled ? 'disabled' : 'ok') },
      { label: 'Created', cell: u => (u.created_at ? fmtTime(u.created_at) : '') },
      {
        label: '', cell: u => {
          const toggle = el('button', { type: 'button', class: u.disabled ? 'secondary small' : 'danger small',
            text: u.disabled ? 'Enable' : 'Disable', disabled: u.name === me.user });
          toggle.addEventListener('click', T.busy(toggle, async () => {
            await T.api('PATCH', '/api/v1/users/' + T.enc(u.name), { disabled: !u.disabled });
            await loadUsers();
          }));
          const reset = el('button', { type: 'button', class: 'secondary small', text: 'Set password' });
          reset.addEventListener('click', T.busy(reset, async () => {
            const p = prompt('New password for ' + u.name + ':');
            if (!p) return;
            await T.api('PATCH', '/api/v1/users/' + T.enc(u.name), { password: p });
            T.message('ok', 'Password of ' + u.name + ' changed.');
          }));
          return el('div', { class: 'actions' }, reset, toggle);
        },
      },
    ], users, 'No users.'));
    const sel = T.$('token-user');
    const keep = sel.value;
    fill(sel, el('option', { value: '', text: 'everyone' }), users.map(u => el('option', { value: u.name, text: u.name, selected: u.name === keep })));
  }

  T.$('user-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = { name: T.$('new-user').value.trim(), password: T.$('new-user-password').value, role: T.$('new-user-role').value };
    try {
      await T.api('POST', '/api/v1/users', body);
      T.message('ok', 'User ' + body.name + ' created (' + body.role + ').');
      T.$('user-form').reset();
      await loadUsers();
    } catch (e) {
      // shown
    }
  });

  // ---- tokens
  async function loadTokens() {
    const user = T.$('token-user').value;
    const tokens = await T.api('GET', '/api/v1/tokens' + (user ? '?user=' + T.enc(user) : '?scope=all'));
    fill('tokens', tokenTable(tokens, true, loadTokens));
  }
  T.$('token-user').addEventListener('change', () => loadTokens().catch(() => {}));

  // ---- audit log
  let auditOffset = 0;
  const auditRows = [];
  async function loadAudit(more) {
    const page = await T.api('GET', '/api/v1/audit?limit=50&offset=' + (more ? auditOffset : 0));
    const list = Array.isArray(page) ? page : page.entries || [];
    if (!more) auditRows.length = 0;
    auditRows.push(...list);
    auditOffset = auditRows.length;
    T.$('audit-more').disabled = list.length < 50;
    fill('audit', table([
      { label: 'When', cell: a => el('span', { class: 'nowrap', title: fmtTime(a.at), text: fmtTime(a.at) }) },
      { label: 'Actor', cell: a => a.actor },
      { label: 'Action', cell: a => el('code', { text: a.action }) },
      { label: 'Target', cell: a => el('span', { class: 'cell-text', text: a.target || '' }) },
      { label: 'Detail', cell: a => el('span', { class: 'cell-text', text: a.detail || '' }) },
      { label: 'From', cell: a => a.remote || '' },
    ], auditRows, 'No audit entries.'));
  }
  T.$('audit-more').addEventListener('click', () => loadAudit(true).catch(() => {}));

  const results = await Promise.allSettled([loadCluster(), loadUsers(), loadTokens(), loadAudit(false)]);
  results.filter(r => r.status === 'rejected').forEach(r => T.showError(r.reason));
  setInterval(() => loadCluster().catch(() => {}), 5000);
});
