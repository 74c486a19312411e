/*
 * New training job: dataset and label, algorithm with its parameters (defaults, ranges and the
 * server's own validation messages, checked here before submitting), validation scheme, resources
 * and priority; the spec sent to POST /api/v1/jobs is shown live.
 */
'use strict';

const LABEL_GUESSES = ['label', 'target', 'class', 'species', 'y', 'rating'];

T.page(async me => {
  const { el, fill } = T;
  const form = T.$('job-form');
  const datasetSel = T.$('dataset');
  const labelSel = T.$('label');
  const algoSel = T.$('algorithm');
  const testSel = T.$('test_dataset');
  let algorithms = [];
  let columns = [];
  const paramInputs = new Map(); // name -> {spec, input}
  let formProblem = null; // the message listing the form's problems, removed once they are fixed

  if (me.role === 'viewer') {
    T.message('info', 'A viewer cannot submit jobs; ask an admin for the researcher role.');
  }

  const [datasets, algos] = await Promise.all([
    T.api('GET', '/api/v1/datasets'),
    T.api('GET', '/ui/algorithms.json'),
  ]);
  algorithms = algos;
  const wanted = T.param('dataset');
  if (datasets.length === 0) {
    fill(datasetSel, el('option', { value: '', text: 'no datasets: upload one first' }));
  } else {
    fill(datasetSel, datasets.map(d => el('option', { value: d.id, text: d.name + ' (' + d.id + ')', selected: d.id === wanted })));
  }
  fill(testSel, el('option', { value: '', text: 'choose…' }),
    datasets.map(d => el('option', { value: d.id, text: d.name + ' (' + d.id + ')' })));
  const wantedAlgo = T.param('algorithm') || 'random-forest';
  fill(algoSel, algorithms.map(a => el('option', { value: a.name, text: a.name + ' — ' + a.task, selected: a.name === wantedAlgo })));

  async function loadColumns() {
    const id = datasetSel.value;
    columns = [];
    if (id) {
      try {
        const s = await T.api('GET', '/api/v1/datasets/' + T.enc(id) + '/schema', undefined, { quiet: true });
        columns = (s.columns || []).map(c => c.name);
      } catch (e) {
        try {
          const p = await T.api('GET', '/api/v1/datasets/' + T.enc(id) + '/preview?rows=1', undefined, { quiet: true });
          columns = p.columns || [];
        } catch (e2) {
          columns = [];
        }
      }
    }
    const wantedLabel = T.param('label');
    const guess = columns.includes(wantedLabel) ? wantedLabel
      : columns.find(c => LABEL_GUESSES.includes(String(c).toLowerCase())) || columns[columns.length - 1];
    if (columns.length) {
      fill(labelSel, columns.map(c => el('option', { value: c, text: c, selected: c === guess })));
      fill('label-hint', columns.length + ' columns; the others are features');
    } else {
      fill(labelSel, el('option', { value: 'label', text: 'label' }));
      fill('label-hint', 'columns unknown; the label column is "label"');
    }
    if (T.$('column-names')) fill('column-names', columns.map(c => el('option', { value: c })));
    update();
  }

  function renderParams() {
    const a = algorithms.find(x => x.name === algoSel.value);
    paramInputs.clear();
    if (!a) {
      fill('params');
      return;
    }
    fill('algorithm-description', a.description);
    fill('params', a.params.map(p => {
      const id = 'p-' + p.name;
      let input;
      if (p.kind === 'choice' || p.kind === 'boolean') {
        input = el('select', { id, name: p.name }, p.choices.map(c => el('option', { value: c, text: c, selected: c === p.default })));
      } else if (p.kind === 'int' || p.kind === 'double') {
        input = el('input', { type: 'number', id, name: p.name, value: p.default, min: p.min, max: p.max,
          step: p.kind === 'int' ? 1 : 'any' });
      } else {
        input = el('input', { type: 'text', id, name: p.name, value: p.default, list: p.kind === 'text' ? 'column-names' : null });
      }
      paramInputs.set(p.name, { spec: p, input });
      return el('div', { class: 'row' }, el('label', { for: id, text: p.name.replace(/_/g, ' ') }), input,
        el('div', { class: 'hint', text: p.description + rangeText(p) }), el('div', { class: 'field-error', id: id + '-error' }));
    }), el('datalist', { id: 'column-names' }, columns.map(c => el('option', { value: c }))));
    const ps = a.ps;
    T.$('workers').disabled = !ps;
    T.$('ps_shards').disabled = !ps;
    T.$('consistency').disabled = !ps;
    fill('workers-hint', ps ? 'data-parallel on the parameter server (0: off)' : a.name + ' does not train on the parameter server');
    update();
  }

  function rangeText(p) {
    if (p.kind === 'int' || p.kind === 'int_list') return ' [' + p.min + '–' + p.max + ']';
    if (p.kind === 'double') return ' [' + p.min + '–' + (p.max >= 1.7e308 ? '∞' : p.max) + ']';
    return '';
  }

  // ---- validation: the same rules and words as the server (ParamSpec, JobSpecParser)

  function checkParam(p, raw) {
    const t = String(raw).trim();
    switch (p.kind) {
      case 'int': {
        if (!/^[+-]?\d+$/.test(t)) return p.name + " must be an integer, was '" + raw + "'";
        const v = Number(t);
        if (v < p.min || v > p.max) return p.name + ' must be between ' + p.min + ' and ' + p.max + ', was ' + t;
        return null;
      }
      case 'double': {
        const v = Number(t);
        if (t === '' || !isFinite(v)) return p.name + " must be a number, was '" + raw + "'";
        if (!(v >= p.min && v <= p.max)) return p.name + ' must be between ' + fmtBound(p.min) + ' and ' + fmtBound(p.max) + ', was ' + t;
        return null;
      }
      case 'int_list': {
        for (const part of t.split(',')) {
          const s = part.trim();
          if (!/^[+-]?\d+$/.test(s)) return p.name + " must be a comma-separated list of integers, was '" + raw + "'";
          const v = Number(s);
          if (v < p.min || v > p.max) return p.name + ' values must be between ' + p.min + ' and ' + p.max + ', was ' + v;
        }
        return null;
      }
      case 'text':
        return t === '' ? p.name + ' must not be blank' : null;
      default:
        return null;
    }
  }

  function fmtBound(v) {
    return v >= 1.7e308 ? 'infinity' : String(v);
  }

  function intField(id, name, min, max, errors, optional) {
    const raw = T.$(id).value.trim();
    if (raw === '') return optional ? null : (errors.set(id, name + ' is required'), null);
    if (!/^[+-]?\d+$/.test(raw)) {
      errors.set(id, name + ' must be an integer between ' + min + ' and ' + max + ', was ' + raw);
      return null;
    }
    const v = Number(raw);
    if (v < min || v > max) {
      errors.set(id, name + ' must be between ' + min + ' and ' + max + ', was ' + v);
      return null;
    }
    return v;
  }

  /** The job spec of the form and the problems found, by field id. */
  function build() {
    const errors = new Map();
    const a = algorithms.find(x => x.name === algoSel.value);
    const spec = { kind: 'train' };
    const name = T.$('name').value.trim();
    if (name) spec.name = name;
    if (!datasetSel.value) errors.set('dataset', 'dataset is required: upload one first');
    spec.dataset = datasetSel.value;
    spec.label = labelSel.value || 'label';
    spec.algorithm = algoSel.value;
    const params = {};
    paramInputs.forEach(({ spec: p, input }) => {
      const raw = input.value;
      const problem = checkParam(p, raw);
      if (problem) {
        errors.set(input.id, problem);
        return;
      }
      if (!sameAsDefault(p, raw)) params[p.name] = typed(p, raw);
    });
    if (Object.keys(params).length) spec.params = params;

    const v = form.querySelector('input[name="validation"]:checked').value;
    if (v === 'cv') {
      const k = intField('cv', 'validation.cv', 2, 1000000, errors);
      if (k !== null) spec.validation = { cv: k };
    } else if (v === 'test_fraction') {
      const f = Number(T.$('test_fraction').value);
      if (!(f > 0 && f < 1)) {
        errors.set('test_fraction', 'validation.test_fraction must be greater than 0 and less than 1, was ' + T.$('test_fraction').value);
      } else {
        spec.validation = { test_fraction: f };
      }
    } else if (v === 'test_dataset') {
      if (!testSel.value) errors.set('test_dataset', 'validation.test_dataset must be a dataset id');
      else spec.validation = { test_dataset: testSel.value };
    }

    const r = {};
    const tasks = intField('tasks', 'resources.tasks', 0, 10000, errors, true);
    if (tasks) r.tasks = tasks;
    const ps = a && a.ps;
    const workers = ps ? intField('workers', 'resources.workers', 0, 256, errors, true) : null;
    const shards = ps ? intField('ps_shards', 'resources.ps_shards', 0, 64, errors, true) : null;
    const consistency = T.$('consistency').value;
    if (workers) {
      r.workers = workers;
      if (shards) r.ps_shards = shards;
      r.consistency = consistency;
      if (consistency === 'ssp') {
        const s = intField('staleness', 'resources.staleness', 1, 1000, errors, true);
        if (s) r.staleness = s;
      }
    } else if (ps && (shards || consistency !== 'bsp')) {
      errors.set(shards ? 'ps_shards' : 'consistency', 'resources.ps_shards and resources.consistency need resources.workers >= 1');
    }
    if (Object.keys(r).length) spec.resources = r;
    spec.priority = T.$('priority').value;
    const seedRaw = T.$('seed').value.trim();
    if (seedRaw !== '') {
      if (!/^[+-]?\d+$/.test(seedRaw) || !Number.isSafeInteger(Number(seedRaw))) errors.set('seed', 'seed must be an integer, was ' + seedRaw);
      else spec.seed = Number(seedRaw);
    }
    return { spec, errors };
  }

  function sameAsDefault(p, raw) {
    const t = String(raw).trim();
    if (p.kind === 'int' || p.kind === 'double') return Number(t) === Number(p.default);
    if (p.kind === 'int_list') return t.replace(/\s+/g, '') === String(p.default).replace(/\s+/g, '');
    return t === p.default;
  }

  function typed(p, raw) {
    const t = String(raw).trim();
    if (p.kind === 'int' || p.kind === 'double') return Number(t);
    if (p.kind === 'boolean') return t === 'true';
    return t;
  }

  function showErrors(errors, touchedOnly) {
    form.querySelectorAll('.field-error').forEach(e => {
      const id = e.id.replace(/-error$/, '');
      const msg = errors.get(id);
      const input = T.$(id);
      if (touchedOnly && input && !input.dataset.touched) return;
      e.textContent = msg || '';
      if (input) input.classList.toggle('invalid', Boolean(msg));
    });
  }

  function update() {
    const { spec, errors } = build();
    T.$('spec-preview').textContent = JSON.stringify(spec, null, 2);
    showErrors(errors, true);
    if (errors.size === 0 && formProblem) {
      formProblem.remove();
      formProblem = null;
    }
    const ssp = T.$('consistency').value === 'ssp' && !T.$('consistency').disabled;
    T.$('staleness').disabled = !ssp;
  }

  form.addEventListener('input', ev => {
    if (ev.target.id) ev.target.dataset.touched = 'true';
    update();
  });
  form.addEventListener('change', ev => {
    if (ev.target.id) ev.target.dataset.touched = 'true';
    if (ev.target.name === 'validation') {
      ['cv', 'test_fraction', 'test_dataset'].forEach(k => T.$('v-' + k).classList.toggle('hidden', k !== ev.target.value));
    }
    update();
  });
  datasetSel.addEventListener('change', () => loadColumns());
  algoSel.addEventListener('change', renderParams);

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    T.clearMessages();
    const { spec, errors } = build();
    showErrors(errors, false);
    if (errors.size) {
      formProblem = T.message('error', errors.size === 1 ? 'Fix this problem before submitting:' : 'Fix these ' + errors.size + ' problems before submitting:',
        [...errors.values()]);
      return;
    }
    const button = T.$('submit');
    button.disabled = true;
    try {
      const job = await T.api('POST', '/api/v1/jobs', spec);
      location.href = '/jobs/' + T.enc(job.id);
    } catch (e) {
      markServerErrors(e.details || []);
    } finally {
      button.disabled = false;
    }
  });

  /** Puts the server's messages under the fields they name (a message starts with the parameter's name). */
  function markServerErrors(details) {
    for (const d of details) {
      const first = String(d).split(/[\s.]/)[0];
      const entry = paramInputs.get(first);
      const field = entry ? entry.input.id : (String(d).startsWith('resources.') ? String(d).split(/[\s]/)[0].split('.')[1] : null);
      const box = field ? T.$(field + '-error') : null;
      if (box) {
        box.textContent = d;
        T.$(field).classList.add('invalid');
      }
    }
  }

  renderParams();
  await loadColumns();
});
