/* Models: every model the caller can see, with its headline metrics. */
'use strict';

T.page(async me => {
  const { el, table, link, fmtTime, fmtAgo, fmtNum } = T;
  const models = await T.api('GET', '/api/v1/models');
  const metricKeys = [];
  for (const m of models) {
    for (const k of Object.keys(m.metrics || {})) {
      if (!metricKeys.includes(k) && metricKeys.length < 4) metricKeys.push(k);
    }
  }
  T.fill('list', table([
    { label: 'Model', cell: m => link('/models/' + T.enc(m.id), m.id) },
    { label: 'Algorithm', cell: m => m.algorithm || '' },
    { label: 'Owner', cell: m => m.owner || me.user },
    { label: 'Dataset', cell: m => (m.provenance && m.provenance.dataset_id
      ? link('/datasets/' + T.enc(m.provenance.dataset_id), m.provenance.dataset_name || m.provenance.dataset_id) : '') },
    { label: 'Job', cell: m => (jobOf(m) ? link('/jobs/' + T.enc(jobOf(m)), jobOf(m)) : '') },
  ].concat(metricKeys.map(k => ({ label: k.replace(/_/g, ' '), cls: 'num', cell: m => fmtNum((m.metrics || {})[k]) })))
    .concat([{ label: 'Created', cell: m => el('span', { title: fmtTime(m.created_at), text: fmtAgo(m.created_at) }) }]),
  models, 'No models yet: a succeeded training job saves one.'));
});

function jobOf(m) {
  return m.job || m.job_id || null;
}
