/*
 * One dataset: first rows, the inferred schema with a type per column and the label, a
 * preprocessing job with the chosen types, summary statistics and read-only sharing.
 */
'use strict';

const TYPES = ['numeric', 'categorical', 'text'];
const LABEL_NAMES = ['label', 'target', 'class', 'species', 'y'];

T.page(async me => {
  const { el, fill, table, props, figure, fmtBytes, fmtTime, fmtNum } = T;
  const id = T.segment(1);
  const base = '/api/v1/datasets/' + T.enc(id);

  let d;
  try {
    d = await T.api('GET', base, undefined, { quiet: true });
  } catch (e) {
    T.fill('title', e.status === 404 ? 'Dataset not found' : 'Dataset');
    document.querySelectorAll('main section, #figures, .actions').forEach(s => s.classList.add('hidden'));
    T.showError(e.status === 404 ? new Error('Dataset not found: there is no dataset ' + id + ' you can see.') : e);
    return;
  }
  document.title = d.name + ' · Trainyard';
  fill('title', d.name);
  fill('subtitle', d.format + ' · ' + fmtBytes(d.bytes) + ' · uploaded ' + fmtTime(d.created_at)
    + (d.owner && d.owner !== me.user ? ' by ' + d.owner : ''));
  fill('details', props([
    ['Id', el('code', { text: d.id })],
    ['Owner', d.owner],
    ['Format', d.format],
    ['Size', fmtBytes(d.bytes) + ' (' + d.bytes + ' bytes)'],
    ['SHA-256', el('code', { text: d.sha256 })],
    ['Uploaded', fmtTime(d.created_at)],
  ]));
  fill('figures', figure('Format', d.format), figure('Size', fmtBytes(d.bytes)));
  // sharing is for the owner (and admins): the share list answers only them, so it decides
  T.$('share-card').classList.add('hidden');
  if (me.role === 'viewer') T.$('preprocess').classList.add('hidden');

  const [preview, schema, stats] = await Promise.all([
    T.api('GET', base + '/preview?rows=20', undefined, { quiet: true }).catch(e => e),
    T.api('GET', base + '/schema', undefined, { quiet: true }).catch(e => e),
    T.api('GET', base + '/stats', undefined, { quiet: true }).catch(e => e),
  ]);
  const problem = (what, e) => el('p', { class: 'empty', text: 'Cannot show the ' + what + ': ' + e.message });

  // ---- preview
  if (preview instanceof Error) {
    fill('preview', problem('preview', preview));
  } else {
    const cols = preview.columns || [];
    const rows = preview.rows || [];
    fill('preview-note', rows.length + ' first rows');
    fill('preview', table(cols.map((c, i) => ({ label: c, cell: r => T.fmtValue(r[i]) })), rows,
      'The file has no rows.', 'preview'));
  }

  // ---- schema, label and types
  const labelSelect = T.$('label');
  const typeSelects = new Map();
  const columns = schema instanceof Error ? (preview.columns || []).map(n => ({ name: n })) : schema.columns || [];
  if (schema instanceof Error) {
    fill('schema', problem('inferred schema', schema));
  } else {
    fill('schema-note', schema.rows_sampled !== undefined ? 'inferred from ' + schema.rows_sampled + ' rows' : '');
    fill('schema', table([
      { label: 'Column', cell: c => el('span', { class: 'cell-text mono', text: c.name }) },
      { label: 'Inferred', cell: c => c.type },
      {
        label: 'Type', cell: c => {
          const s = el('select', { 'aria-label': 'type of ' + c.name, data: { column: c.name } },
            TYPES.map(t => el('option', { value: t, text: t, selected: t === normalType(c.type) })));
          typeSelects.set(c.name, s);
          return s;
        },
      },
      { label: 'Missing', cls: 'num', cell: c => fmtNum(c.missing) },
      { label: 'Distinct', cls: 'num', cell: c => fmtNum(c.distinct) },
      { label: '', cell: c => el('span', { class: 'label-mark', data: { column: c.name } }, c.problem ? el('span', { class: 'badge failed', title: c.problem, text: 'problem' }) : null) },
    ], columns, 'No columns.'));
    const problems = columns.filter(c => c.problem);
    if (problems.length) T.append(T.$('schema'), [el('ul', { class: 'small' }, problems.map(c => el('li', {}, el('strong', { text: c.name }), ': ' + c.problem)))]);
  }
  const names = columns.map(c => c.name);
  const guess = T.param('label') || names.find(n => LABEL_NAMES.includes(String(n).toLowerCase()))
    || names[names.length - 1];
  fill(labelSelect, names.map(n => el('option', { value: n, text: n, selected: n === guess })));
  const markLabel = () => {
    document.querySelectorAll('#schema .label-mark').forEach(m => {
      m.querySelectorAll('.badge.label').forEach(b => b.remove());
      if (m.dataset.column === labelSelect.value) m.prepend(el('span', { class: 'badge label running', text: 'label' }));
    });
  };
  const trainLink = () => {
    markLabel();
    T.$('train-link').href = '/jobs/new?dataset=' + T.enc(id) + (labelSelect.value ? '&label=' + T.enc(labelSelect.value) : '');
  };
  labelSelect.addEventListener('change', trainLink);
  trainLink();
  if (me.role === 'viewer') T.$('train-link').classList.add('hidden');

  const pre = T.$('preprocess');
  pre.addEventListener('click', T.busy(pre, async () => {
    const types = {};
    typeSelects.forEach((s, name) => { types[name] = s.value; });
    const spec = { kind: 'preprocess', name: 'preprocess ' + d.name, dataset: id, types };
    if (labelSelect.value) spec.label = labelSelect.value;
    const job = await T.api('POST', '/api/v1/jobs', spec);
    location.href = '/jobs/' + T.enc(job.id);
  }));

  // ---- statistics
  if (stats instanceof Error) {
    fill('stats', problem('statistics', stats));
  } else {
    renderStats(stats);
  }

  // ---- shares
  async function loadShares() {
    try {
      const list = await T.api('GET', base + '/shares', undefined, { quiet: true });
      const shares = Array.isArray(list) ? list : list.shares || [];
      T.$('share-card').classList.remove('hidden');
      fill('shares', shares.length ? el('p', { class: 'small muted' }, 'Shared with: ',
        shares.map((s, i) => [i ? ', ' : '', el('strong', { text: s.user || s.grantee || String(s) })])) : '');
    } catch (e) {
      fill('shares');
    }
  }
  T.$('share-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const user = T.$('share-user').value.trim();
    try {
      await T.api('POST', base + '/shares', { user });
      T.message('ok', 'Shared ' + d.name + ' read-only with ' + user + '.');
      T.$('share-user').value = '';
      await loadShares();
    } catch (e) {
      // shown
    }
  });
  if (me.role !== 'viewer') await loadShares();

  function renderStats(s) {
    const figs = [];
    for (const [k, v] of Object.entries(s)) {
      if (k === 'dataset') continue;
      if (v === null || typeof v !== 'object') figs.push(figure(k === 'column_count' ? 'columns' : k.replace(/_/g, ' '), T.fmtValue(v)));
    }
    figs.push(figure('size', fmtBytes(d.bytes)));
    const perColumn = Array.isArray(s.columns) ? s.columns : null;
    let colTable = null;
    if (perColumn && perColumn.length && typeof perColumn[0] === 'object') {
      const keys = [];
      perColumn.forEach(c => Object.keys(c).forEach(k => { if (!keys.includes(k)) keys.push(k); }));
      colTable = table(keys.map(k => ({
        label: k.replace(/_/g, ' '),
        cls: k === 'name' || k === 'type' ? null : 'num',
        cell: c => (k === 'name' ? el('span', { class: 'cell-text mono', text: c[k] })
          : k === 'top' && Array.isArray(c[k]) ? el('span', { class: 'cell-text small', text: c[k].map(t => t.value + ' (' + t.count + ')').join(', ') })
          : T.fmtValue(c[k])),
      })), perColumn, 'No columns.');
    }
    fill('figures', figs.length ? figs : [figure('Format', d.format), figure('Size', fmtBytes(d.bytes))]);
    fill('stats', colTable || (figs.length ? el('p', { class: 'empty', text: 'No per-column statistics.' })
      : el('pre', { class: 'mono', text: JSON.stringify(s, null, 2) })));
  }
});

/** The select value for an inferred type: numeric, categorical or text (integers and floats are numeric). */
function normalType(t) {
  const s = String(t || '').toLowerCase();
  if (TYPES.includes(s)) return s;
  if (/int|float|double|num|real|long|bool/.test(s)) return 'numeric';
  if (/cat|factor|enum|string|nominal/.test(s)) return 'categorical';
  return 'text';
}
