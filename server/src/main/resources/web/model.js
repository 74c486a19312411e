/*
 * One model: provenance and metrics, download, an online prediction form (one row in, the class or
 * value and class probabilities out), batch prediction on a dataset as a job, and sharing.
 */
'use strict';

T.page(async me => {
  const { el, fill, props, figure, fmtTime, fmtNum, fmtValue } = T;
  const id = T.segment(1);
  const base = '/api/v1/models/' + T.enc(id);

  let m;
  try {
    m = await T.api('GET', base, undefined, { quiet: true });
  } catch (e) {
    fill('title', e.status === 404 ? 'Model not found' : 'Model');
    document.querySelectorAll('main .grid, #download').forEach(s => s.classList.add('hidden'));
    T.showError(e.status === 404 ? new Error('Model not found: there is no model ' + id + ' you can see.') : e);
    return;
  }
  const jobId = m.job || m.job_id || (m.provenance && m.provenance.job) || null;
  document.title = m.id + ' · Trainyard';
  fill('title', m.id);
  fill('subtitle', (m.algorithm || 'model') + (m.created_at ? ' · trained ' + fmtTime(m.created_at) : '')
    + (m.owner && m.owner !== me.user ? ' · owner ' + m.owner : ''));
  T.$('download').href = base + '/download';
  T.$('download').setAttribute('download', '');

  // ---- provenance: what the model is, and what it was trained on and how
  const p = m.provenance || {};
  const known = new Set(['id', 'owner', 'job_id', 'job', 'algorithm', 'metrics', 'created_at', 'provenance', 'task',
    'label', 'classes', 'input_columns']);
  const inputs0 = Array.isArray(m.input_columns) ? m.input_columns : [];
  const modelPairs = [
    ['Algorithm', m.algorithm],
    ['Task', m.task],
    ['Label', m.label || p.label],
    ['Classes', Array.isArray(m.classes) && m.classes.length ? m.classes.join(', ') : null],
    ['Inputs', inputs0.length ? el('span', {}, inputs0.map((c, i) => [i ? ', ' : '', el('span', { class: 'mono', text: c.name || c }),
      c.type ? el('span', { class: 'muted small', text: ' ' + c.type }) : null])) : null],
    ['Owner', m.owner],
    ['Trained', fmtTime(m.created_at)],
    ['Job', jobId ? T.link('/jobs/' + T.enc(jobId), jobId) : null],
  ];
  for (const [k, v] of Object.entries(m)) {
    if (!known.has(k)) modelPairs.push([k.replace(/_/g, ' '), fmtValue(v)]);
  }
  const params = p.params && typeof p.params === 'object' ? Object.entries(p.params) : [];
  const trainPairs = [
    ['Dataset', p.dataset_id ? T.link('/datasets/' + T.enc(p.dataset_id), p.dataset_name || p.dataset_id) : null],
    ['Dataset hash', p.dataset_hash ? el('code', { class: 'small', text: p.dataset_hash }) : null],
    ['Training rows', p.train_rows !== undefined && p.train_rows !== null ? fmtNum(p.train_rows) : null],
    ['Validation', validationText(p.validation)],
    ['Parameters', params.length ? el('span', { class: 'mono small', text: params.map(([a, b]) => a + '=' + b).join(', ') }) : 'defaults'],
    ['Seed', p.seed !== undefined && p.seed !== null ? String(p.seed) : null],
    ['Version', p.version],
  ];
  for (const [k, v] of Object.entries(p)) {
    if (!['dataset_id', 'dataset_name', 'dataset_hash', 'train_rows', 'validation', 'params', 'seed', 'version', 'label'].includes(k)) {
      trainPairs.push([k.replace(/_/g, ' '), fmtValue(v)]);
    }
  }
  fill('provenance', props(modelPairs), el('h3', { text: 'Training' }), props(trainPairs));

  const metrics = m.metrics || {};
  fill('metrics', Object.keys(metrics).length ? el('div', { class: 'figures' },
    Object.entries(metrics).map(([k, v]) => figure(k.replace(/_/g, ' '), fmtNum(v))))
    : el('p', { class: 'empty', text: 'No metrics recorded.' }));

  // ---- the prediction form: the model's input columns, else the training dataset's minus the label
  let columns = inputColumns(m);
  let example = null;
  let label = null;
  let datasetId = m.dataset || m.dataset_id || (m.provenance && (m.provenance.dataset_id || m.provenance.dataset)) || null;
  if (jobId) {
    try {
      const job = await T.api('GET', '/api/v1/jobs/' + T.enc(jobId), undefined, { quiet: true });
      label = job.spec && job.spec.label;
      datasetId = datasetId || job.dataset;
    } catch (e) {
      // a model shared with the caller: its job stays private
    }
  }
  if (datasetId) {
    try {
      const p = await T.api('GET', '/api/v1/datasets/' + T.enc(datasetId) + '/preview?rows=1', undefined, { quiet: true });
      if (!columns) columns = (p.columns || []).filter(c => c !== label);
      if (p.rows && p.rows.length) {
        example = {};
        p.columns.forEach((c, i) => { example[c] = p.rows[0][i]; });
      }
    } catch (e) {
      // no access to the data: the JSON box still works
    }
  }
  const inputs = new Map();
  if (columns && columns.length) {
    fill('predict-fields', columns.map((c, i) => {
      const input = el('input', { type: 'text', id: 'f-' + i, data: { column: c },
        placeholder: example && example[c] !== undefined && example[c] !== null ? String(example[c]) : '' });
      inputs.set(c, input);
      const type = (inputs0.find(x => (x.name || x) === c) || {}).type;
      return el('div', { class: 'row' }, el('label', { for: 'f-' + i }, c, type ? el('span', { class: 'muted small', text: ' ' + type }) : null), input);
    }));
    if (example) {
      const b = el('button', { type: 'button', class: 'secondary', id: 'fill-example', text: 'Fill with the first training row' });
      b.addEventListener('click', () => inputs.forEach((input, c) => { input.value = example[c] === null ? '' : String(example[c]); }));
      T.$('predict').after(b);
    }
  } else {
    fill('predict-hint', 'The input columns of this model are unknown here: give the rows as JSON.');
    T.$('predict-json-box').open = true;
  }

  T.$('predict-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const button = T.$('predict');
    let rows;
    const json = T.$('predict-json').value.trim();
    if (json) {
      try {
        rows = JSON.parse(json);
        if (!Array.isArray(rows)) rows = [rows];
      } catch (e) {
        T.message('error', 'The rows are not valid JSON: ' + e.message);
        return;
      }
    } else {
      const row = {};
      inputs.forEach((input, c) => {
        const v = input.value.trim();
        if (v !== '') row[c] = v !== '' && isFinite(Number(v)) ? Number(v) : v;
      });
      rows = [row];
    }
    button.disabled = true;
    try {
      const r = await T.api('POST', base + '/predict', { rows });
      showPrediction(r);
    } catch (e) {
      fill('prediction');
    } finally {
      button.disabled = false;
    }
  });

  function showPrediction(r) {
    const preds = r.predictions || [];
    const probs = r.probabilities || [];
    const classes = r.classes || [];
    fill('prediction', preds.map((p, i) => el('div', { class: 'prediction' },
      preds.length > 1 ? el('span', { class: 'muted', text: 'Row ' + (i + 1) + ': ' }) : 'Prediction: ',
      el('span', { class: 'class', id: i === 0 ? 'prediction-value' : null, text: fmtValue(p) }),
      probs[i] && classes.length ? el('ul', { class: 'bar-list' }, classes.map((c, j) => el('li', {},
        el('span', { class: 'mono', text: c }),
        el('progress', { max: 1, value: probs[i][j] }),
        el('span', { class: 'right small', text: (probs[i][j] * 100).toFixed(1) + '%' })))) : null)));
  }

  // ---- batch prediction
  const canCreate = me.role !== 'viewer';
  if (!canCreate) T.$('batch-form').classList.add('hidden');
  try {
    const datasets = await T.api('GET', '/api/v1/datasets', undefined, { quiet: true });
    fill('batch-dataset', datasets.map(d => el('option', { value: d.id, text: d.name + ' (' + d.id + ')', selected: d.id === datasetId })));
  } catch (e) {
    fill('batch-dataset');
  }
  T.$('batch-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const ds = T.$('batch-dataset').value;
    if (!ds) {
      T.message('error', 'Choose a dataset to predict.');
      return;
    }
    try {
      const job = await T.api('POST', '/api/v1/jobs', { kind: 'predict', name: 'predict ' + m.id, model: m.id, dataset: ds });
      location.href = '/jobs/' + T.enc(job.id);
    } catch (e) {
      // shown
    }
  });

  // ---- sharing
  const mine = me.role === 'admin' || ((m.owner === undefined || m.owner === me.user) && me.role !== 'viewer');
  if (!mine) {
    T.$('share-form').classList.add('hidden');
    document.querySelector('.share-title').classList.add('hidden');
  }
  T.$('share-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const user = T.$('share-user').value.trim();
    try {
      await T.api('POST', base + '/shares', { user });
      T.message('ok', 'Shared model ' + m.id + ' read-only with ' + user + '.');
      T.$('share-user').value = '';
    } catch (e) {
      // shown
    }
  });
});

/** The model's own list of input columns, if its JSON has one. */
function inputColumns(m) {
  const p = m.provenance || {};
  for (const c of [m.input_columns, m.features, m.columns, p.input_columns, p.features, p.columns]) {
    if (Array.isArray(c) && c.length) return c.map(x => (typeof x === 'object' && x ? x.name : x));
  }
  return null;
}

/** How the model was validated, in words. */
function validationText(v) {
  if (!v || typeof v !== 'object' || Object.keys(v).length === 0) return 'none (metrics on the training rows)';
  if (v.cv) return v.cv + '-fold cross-validation';
  if (v.test_fraction) return 'hold-out of ' + Math.round(v.test_fraction * 100) + '% of the rows';
  if (v.test_dataset) return 'test dataset ' + v.test_dataset;
  return JSON.stringify(v);
}
