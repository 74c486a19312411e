/*
 * One job: status, progress, a live loss (or progress) chart fed by the job's event stream (SSE),
 * per-worker and per-task progress, the event log, cancel, and once it is done its metrics,
 * confusion matrix, model, predictions or typed dataset.
 */
'use strict';

const FINAL = ['succeeded', 'failed', 'cancelled'];
const MAX_LOG = 400;
const COLORS = ['#1f6feb', '#e8590c', '#2f9e44', '#9c36b5', '#c92a2a', '#0c8599', '#5c940d', '#862e9c', '#e67700', '#364fc7'];

T.page(async me => {
  const { el, fill, table, props, figure, badge, link, fmtTime, fmtDuration, fmtNum } = T;
  const id = T.segment(1);
  const base = '/api/v1/jobs/' + T.enc(id);

  let job;
  try {
    job = await T.api('GET', base, undefined, { quiet: true });
  } catch (e) {
    fill('title', e.status === 404 ? 'Job not found' : 'Job');
    T.showError(e.status === 404 ? new Error('Job not found: there is no job ' + id + ' you can see.') : e);
    document.body.dataset.job = 'missing';
    return;
  }
  T.$('job-body').classList.remove('hidden');
  const kindOf = j => (j.spec && j.spec.kind) || 'train';
  // training reports progress per tree or epoch; preprocessing and batch prediction only per task
  const byTasks = kindOf(job) !== 'train';
  const short = task => String(task || '').replace(id + '.', '');
  let datasetName = null;
  if (job.dataset) {
    T.api('GET', '/api/v1/datasets/' + T.enc(job.dataset), undefined, { quiet: true }).then(d => {
      datasetName = d.name;
      render(job);
    }).catch(() => {});
  }

  // ---- the chart: loss per step when the algorithm reports one, else progress per unit done
  const canvas = T.$('chart');
  const series = new Map(); // name -> Map(x -> y)
  let mode = 'progress';
  let unitName = 'units';
  const doneByTask = new Map();
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      interaction: { mode: 'nearest', intersect: false },
      elements: { point: { radius: 0, hitRadius: 6 }, line: { borderWidth: 2, tension: 0.15 } },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'units done' } },
        y: { title: { display: true, text: 'progress (%)' }, beginAtZero: true },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  let redraw = false;

  function addPoint(name, x, y) {
    if (typeof y !== 'number' || !isFinite(y)) return;
    const isLoss = name !== 'progress';
    if (isLoss && mode === 'progress') {
      mode = 'loss';
      series.clear();
    }
    if (!isLoss && mode === 'loss') return;
    if (!series.has(name)) series.set(name, new Map());
    series.get(name).set(x, y);
    scheduleRedraw();
  }

  function scheduleRedraw() {
    if (redraw) return;
    redraw = true;
    requestAnimationFrame(() => {
      redraw = false;
      let i = 0;
      let points = 0;
      chart.data.datasets = [...series.entries()].map(([name, pts]) => {
        const data = [...pts.entries()].sort((a, b) => a[0] - b[0]).map(([x, y]) => ({ x, y }));
        points += data.length;
        const color = COLORS[i++ % COLORS.length];
        return { label: name, data, borderColor: color, backgroundColor: color,
          borderDash: name.startsWith('val_') ? [6, 4] : [] };
      });
      const scales = chart.options.scales;
      scales.x.title.text = mode === 'loss' ? 'step (epoch / iteration)' : unitName + ' done';
      scales.y.title.text = mode === 'loss' ? 'loss' : 'progress (%)';
      scales.y.beginAtZero = mode !== 'loss';
      scales.y.max = mode === 'loss' ? undefined : 100;
      chart.update('none');
      canvas.dataset.points = String(points);
      canvas.dataset.series = [...series.keys()].join(',');
      canvas.dataset.mode = mode;
      fill('chart-title', mode === 'loss' ? 'Loss per step' : byTasks ? 'Progress' : 'Training progress');
      T.$('chart-empty').classList.toggle('hidden', points > 0);
    });
  }

  // ---- rendering the job record
  function render(j) {
    job = j;
    const kind = (j.spec && j.spec.kind) || 'train';
    document.title = (j.name || j.id) + ' · Trainyard';
    fill('title', j.name || j.id);
    fill('subtitle', kind + (j.algorithm && j.algorithm !== kind ? ' · ' + j.algorithm : '') + ' · ' + j.id
      + (j.owner && j.owner !== me.user ? ' · owner ' + j.owner : ''));
    fill('status-badge', badge(j.status));
    document.body.dataset.status = j.status;
    const pct = Math.round((j.status === 'succeeded' ? 1 : Number(j.progress) || 0) * 100);
    setProgress(pct, j.status);
    const canCancel = !FINAL.includes(j.status) && (me.role === 'admin' || j.owner === me.user);
    T.$('cancel').classList.toggle('hidden', !canCancel);
    fill('figures',
      figure('Status', j.status, 'fig-status'),
      datasetFigure(j),
      figure('Priority', String(j.priority || '').toLowerCase() || '–'),
      figure('Created', T.fmtShort(j.created_at)),
      figure('Duration', fmtDuration(j.started_at, j.finished_at) || '–'),
      figure('Tasks', String((j.tasks || []).length)));
    const err = T.$('error');
    if (j.status === 'failed' || j.status === 'cancelled') {
      err.textContent = (j.status === 'failed' ? 'Failed: ' : 'Cancelled: ') + (j.error || 'no reason recorded');
      err.classList.remove('hidden');
    } else {
      err.classList.add('hidden');
    }
    T.$('spec').textContent = JSON.stringify(j.spec, null, 2);
    renderTasks();
  }

  function datasetFigure(j) {
    const f = figure('Dataset', '');
    const v = f.querySelector('.v');
    if (j.dataset) v.appendChild(link('/datasets/' + T.enc(j.dataset), datasetName || j.dataset));
    else v.textContent = '–';
    return f;
  }

  function setProgress(pct, status) {
    const bar = T.$('progress');
    bar.value = pct;
    bar.classList.toggle('done', status === 'succeeded');
    fill('progress-text', pct + '%');
  }

  function renderTasks() {
    const tasks = job.tasks || [];
    fill('tasks-note', tasks.length + ' tasks');
    const byWorker = new Map();
    for (const t of tasks) {
      const w = t.worker || '(not started)';
      if (!byWorker.has(w)) byWorker.set(w, { worker: w, total: 0, done: 0, running: 0, failed: 0, fraction: 0 });
      const s = byWorker.get(w);
      s.total++;
      if (t.state === 'succeeded') s.done++;
      else if (t.state === 'running') s.running++;
      else if (t.state === 'failed' || t.state === 'dead') s.failed++;
      s.fraction += taskFraction(t);
    }
    fill('workers', table([
      { label: 'Worker', cell: w => el('span', { class: 'mono', text: w.worker }) },
      { label: 'Tasks', cls: 'num', cell: w => String(w.total) },
      { label: 'Running', cls: 'num', cell: w => String(w.running) },
      { label: 'Done', cls: 'num', cell: w => String(w.done) },
      { label: 'Progress', cell: w => T.progressCell(w.total ? w.fraction / w.total : 0, w.done === w.total ? 'succeeded' : '') },
    ], [...byWorker.values()], 'No worker has started a task yet.'));
    const columns = [
      { label: 'Task', cell: t => el('span', { class: 'mono nowrap', title: t.task + ' (' + t.kind + ')', text: short(t.task) }) },
      { label: 'State', cell: t => badge(t.state) },
      { label: 'Tries', cls: 'num', cell: t => String(t.attempts) },
      { label: 'Progress', cell: t => T.progressCell(taskFraction(t), t.state) },
      { label: 'Time', cls: 'num', cell: t => fmtDuration(t.started_at, t.finished_at) },
    ];
    if (tasks.some(t => t.error)) columns.push({ label: 'Error', cell: t => el('span', { class: 'cell-text small', text: t.error || '' }) });
    fill('tasks', tasks.length ? el('details', { open: tasks.length <= 12 }, el('summary', { text: 'Tasks' }), table(columns, tasks)) : '');
  }

  function taskFraction(t) {
    if (t.state === 'succeeded') return 1;
    const p = doneByTask.get(t.task);
    return p && p.total ? p.done / p.total : 0;
  }

  // ---- the event log
  let eventCount = 0;
  function log(type, seq, text) {
    eventCount++;
    const list = T.$('events');
    list.appendChild(el('li', {}, el('span', { class: 't', text: '#' + seq }), el('span', { class: 'ty ' + type, text: type }),
      el('span', { class: 'body', text })));
    while (list.children.length > MAX_LOG) list.firstChild.remove();
    list.scrollTop = list.scrollHeight;
    fill('events-note', eventCount + ' events');
  }

  function describe(type, d) {
    if (type === 'status') return d.status + (d.tasks !== undefined ? ' (' + d.tasks + ' tasks)' : '') + (d.error ? ': ' + d.error : '');
    if (type === 'progress') {
      let s = short(d.task) + ': ' + d.done + '/' + d.total + ' ' + (d.unit || '') + (d.stage ? ' (' + d.stage + ')' : '');
      if (typeof d.loss === 'number') s += ' loss ' + fmtNum(d.loss);
      if (typeof d.val_loss === 'number') s += ' val_loss ' + fmtNum(d.val_loss);
      return s;
    }
    if (type === 'task') {
      return (d.state || '') + ' ' + short(d.task) + (d.worker ? ' on ' + d.worker : '')
        + (typeof d.seconds === 'number' ? ' in ' + d.seconds.toFixed(2) + ' s' : '') + (d.error ? ': ' + d.error : '')
        + (d.done !== undefined && d.total !== undefined ? ' (' + d.done + '/' + d.total + ' done)' : '');
    }
    if (d.message) return d.message;
    return JSON.stringify(d);
  }

  // ---- refreshes of the record (throttled: events come in bursts)
  let refreshTimer = null;
  function refreshSoon() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(async () => {
      refreshTimer = null;
      try {
        render(await T.api('GET', base, undefined, { quiet: true }));
      } catch (e) {
        // the next event retries
      }
    }, 700);
  }

  let finished = false;
  async function finish(closeStream) {
    if (finished) return;
    finished = true;
    if (es && closeStream !== false) es.close();
    clearTimeout(refreshTimer);
    render(await T.api('GET', base));
    if (job.status === 'succeeded') await showResult();
    fill('chart-note', job.status);
    document.body.dataset.final = 'true';
  }

  // ---- live events
  function onEvent(type, ev) {
    let d;
    try {
      d = JSON.parse(ev.data);
    } catch (e) {
      d = { message: ev.data };
    }
    log(type, ev.lastEventId, describe(type, d));
    if (type === 'progress') {
      if (d.task) doneByTask.set(d.task, { done: Number(d.done) || 0, total: Number(d.total) || 0 });
      if (typeof d.progress === 'number' && !FINAL.includes(job.status)) setProgress(Math.round(d.progress * 100), job.status);
      if (typeof d.loss === 'number') {
        const suffix = !d.stage || d.stage === 'final model' || d.stage === 'training' ? '' : ' (' + d.stage + ')';
        addPoint('loss' + suffix, Number(d.done), d.loss);
        if (typeof d.val_loss === 'number') addPoint('val_loss' + suffix, Number(d.done), d.val_loss);
      } else if (typeof d.progress === 'number' && !byTasks) {
        if (d.unit) unitName = d.unit;
        let total = 0;
        doneByTask.forEach(p => { total += p.done; });
        if (!series.has('progress')) addPoint('progress', 0, 0);
        addPoint('progress', total, d.progress * 100);
      }
      renderTasksSoon();
    } else if (type === 'status') {
      if (d.status && d.status !== job.status && !FINAL.includes(job.status)) render(Object.assign({}, job, { status: d.status }));
      if (FINAL.includes(d.status)) {
        finish().catch(T.showError);
      } else {
        refreshSoon();
      }
    } else if (type === 'task') {
      if (byTasks && d.state === 'done' && typeof d.done === 'number' && d.total > 0) {
        unitName = 'tasks';
        if (!series.has('progress')) addPoint('progress', 0, 0);
        addPoint('progress', d.done, (d.done / d.total) * 100);
      }
      refreshSoon();
    }
  }

  let tasksTimer = null;
  function renderTasksSoon() {
    if (tasksTimer) return;
    tasksTimer = setTimeout(() => {
      tasksTimer = null;
      renderTasks();
    }, 300);
  }

  T.$('cancel').addEventListener('click', T.busy(T.$('cancel'), async () => {
    if (!confirm('Cancel this job? Running tasks are stopped.')) return;
    render(await T.api('POST', base + '/cancel'));
    T.message('info', 'Job cancelled.');
  }));

  render(job);
  try {
    const points = await T.api('GET', base + '/metrics', undefined, { quiet: true });
    for (const p of points || []) addPoint(p.series, Number(p.step), p.value);
  } catch (e) {
    // the stream carries the same points
  }

  let es = null;
  if (FINAL.includes(job.status)) {
    // replay the stored events once for the log and the chart, then show the result
    es = new EventSource(base + '/events?follow=false');
  } else {
    es = new EventSource(base + '/events');
  }
  for (const type of ['status', 'progress', 'task', 'log']) es.addEventListener(type, ev => onEvent(type, ev));
  es.addEventListener('message', ev => onEvent('log', ev));
  es.addEventListener('error', async () => {
    if (finished) {
      es.close();
      return;
    }
    // the server ends the stream once the job is final; EventSource would reconnect forever
    try {
      const j = await T.api('GET', base, undefined, { quiet: true });
      if (FINAL.includes(j.status)) await finish();
      else render(j);
    } catch (e) {
      if (e.status === 404) es.close();
    }
  });
  if (FINAL.includes(job.status)) await finish(false);

  // ---- results
  async function showResult() {
    let r;
    try {
      r = await T.api('GET', base + '/result', undefined, { quiet: true });
    } catch (e) {
      fill('result', el('p', { class: 'empty', text: 'No result: ' + e.message }));
      T.$('result-card').classList.remove('hidden');
      return;
    }
    const res = r.result || {};
    const kind = res.kind || (job.spec && job.spec.kind) || 'train';
    const links = [];
    if (r.model_id) links.push(el('a', { class: 'button small', id: 'model-link', href: '/models/' + T.enc(r.model_id), text: 'Open model' }));
    if (kind === 'predict') {
      links.push(el('a', { class: 'button small', id: 'predictions-link', href: base + '/predictions', download: '', text: 'Download predictions CSV' }));
      if (res.model_id) links.push(el('a', { class: 'button secondary small', href: '/models/' + T.enc(res.model_id), text: 'Model' }));
    }
    if (kind === 'preprocess' && res.dataset_id) {
      links.push(el('a', { class: 'button small', href: '/datasets/' + T.enc(res.dataset_id), text: 'Open typed dataset' }));
      links.push(el('a', { class: 'button secondary small',
        href: '/jobs/new?dataset=' + T.enc(res.dataset_id) + (job.spec && job.spec.label ? '&label=' + T.enc(job.spec.label) : ''),
        text: 'Train on it' }));
    }
    fill('result-links', links);
    const parts = [];
    if (kind === 'predict') {
      parts.push(props([['Rows predicted', fmtNum(res.rows)], ['Data', res.data], ['Predict time', fmtNum(res.predict_seconds) + ' s'],
        ['File', res.predictions]]));
    } else if (kind === 'preprocess') {
      parts.push(el('div', { class: 'figures' }, figure('Rows', fmtNum(res.rows)), figure('Columns', fmtNum(res.columns)),
        figure('Chunks', fmtNum(res.chunks))));
      if (res.types) {
        parts.push(el('h3', { text: 'Column types' }), table([
          { label: 'Column', cell: e => el('span', { class: 'mono', text: e[0] }) },
          { label: 'Type', cell: e => e[1] },
        ], Object.entries(res.types)));
      }
    } else {
      parts.push(metricsBlock(res));
    }
    fill('result', parts);
    T.$('result-card').classList.remove('hidden');
  }

  function metricsBlock(res) {
    const metrics = res.metrics || {};
    const std = res.metrics_std || {};
    const figs = Object.entries(metrics).map(([k, v]) => {
      const f = figure(k.replace(/_/g, ' '), fmtNum(v) + (typeof std[k] === 'number' ? ' ± ' + fmtNum(std[k]) : ''), 'metric-' + k);
      f.querySelector('.v').dataset.value = v === null ? '' : String(v);
      return f;
    });
    const out = [el('div', { class: 'figures', id: 'metrics' }, figs.length ? figs : el('p', { class: 'empty', text: 'No metrics.' })),
      props([
        ['Task', res.task],
        ['Evaluated on', res.evaluated_on],
        ['Training rows', res.train_rows !== undefined ? fmtNum(res.train_rows) : null],
        ['Test rows', res.test_rows ? fmtNum(res.test_rows) : null],
        ['Training time', typeof res.train_seconds === 'number' ? res.train_seconds.toFixed(2) + ' s' : null],
        ['Load time', typeof res.load_seconds === 'number' ? res.load_seconds.toFixed(2) + ' s' : null],
      ])];
    const cm = res.confusion_matrix;
    if (cm && Array.isArray(cm.classes) && Array.isArray(cm.counts)) {
      out.push(el('h3', { text: 'Confusion matrix' }), el('p', { class: 'hint', text: 'Rows: actual class; columns: predicted class.' }),
        el('div', { class: 'table-wrap' }, el('table', { class: 'confusion', id: 'confusion' },
          el('thead', {}, el('tr', {}, el('th', { class: 'corner', text: 'actual \\ predicted' }), cm.classes.map(c => el('th', { text: c })))),
          el('tbody', {}, cm.counts.map((row, i) => el('tr', {}, el('th', { text: cm.classes[i] }),
            row.map((n, j) => el('td', { class: i === j ? 'diag' : null, text: String(n) }))))))));
    }
    if (Array.isArray(res.folds) && res.folds.length) {
      const keys = Object.keys(res.folds[0]);
      out.push(el('h3', { text: 'Folds' }), table([{ label: 'Fold', cls: 'num', cell: f => String(res.folds.indexOf(f) + 1) }]
        .concat(keys.map(k => ({ label: k, cls: 'num', cell: f => fmtNum(f[k]) }))), res.folds));
    }
    if (res.params && Object.keys(res.params).length) {
      out.push(el('details', {}, el('summary', { text: 'Parameters' }), props(Object.entries(res.params).map(([k, v]) => [k, T.fmtValue(v)]))));
    }
    return out;
  }
});
