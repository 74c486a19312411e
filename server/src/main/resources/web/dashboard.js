/* Dashboard: counts, the newest jobs, datasets and models of the caller. */
'use strict';

T.page(async me => {
  const { el, fill, table, link, badge, fmtTime, fmtAgo, fmtBytes, progressCell, figure } = T;
  T.fill('greeting', 'Signed in as ', el('strong', { text: me.user }), ' (' + me.role + ').');

  const [jobs, datasets, models] = await Promise.all([
    T.api('GET', '/api/v1/jobs?limit=10', undefined, { quiet: true }).catch(e => e),
    T.api('GET', '/api/v1/datasets', undefined, { quiet: true }).catch(e => e),
    T.api('GET', '/api/v1/models', undefined, { quiet: true }).catch(e => e),
  ]);
  const failed = x => x instanceof Error;
  const count = x => (failed(x) ? '–' : String(x.length));
  const active = failed(jobs) ? '–' : String(jobs.filter(j => j.status === 'queued' || j.status === 'running').length);
  fill('figures', figure('Active jobs', active, 'fig-active'), figure('Recent jobs', count(jobs)),
    figure('Datasets', count(datasets)), figure('Models', count(models)));

  const problem = e => el('p', { class: 'empty', text: 'Cannot load: ' + e.message });
  fill('jobs', failed(jobs) ? problem(jobs) : table([
    { label: 'Job', cell: j => link('/jobs/' + T.enc(j.id), j.name || j.id) },
    { label: 'Algorithm', cell: j => j.algorithm || j.spec?.kind || '' },
    { label: 'Status', cell: j => badge(j.status) },
    { label: 'Progress', cell: j => progressCell(j.progress, j.status) },
    { label: 'Created', cell: j => el('span', { title: fmtTime(j.created_at), text: fmtAgo(j.created_at) }) },
  ], jobs, 'No jobs yet: upload a dataset, then start a job.'));
  fill('datasets', failed(datasets) ? problem(datasets) : table([
    { label: 'Name', cell: d => link('/datasets/' + T.enc(d.id), d.name) },
    { label: 'Format', cell: d => d.format },
    { label: 'Size', cls: 'num', cell: d => fmtBytes(d.bytes) },
  ], datasets.slice(0, 8), 'No datasets yet.'));
  fill('models', failed(models) ? problem(models) : table([
    { label: 'Model', cell: m => link('/models/' + T.enc(m.id), m.id) },
    { label: 'Algorithm', cell: m => m.algorithm },
    { label: 'Key metric', cell: m => T.keyMetric(m.metrics) },
  ], models.slice(0, 8), 'No models yet.'));
});

