/* Jobs: the caller's jobs, filtered by status; refreshed while any is queued or running. */
'use strict';

T.page(async () => {
  const { el, table, link, badge, fmtTime, fmtAgo, fmtDuration, progressCell } = T;
  const select = T.$('status');
  select.value = T.param('status') || '';
  let timer = null;

  async function load() {
    const status = select.value;
    const jobs = await T.api('GET', '/api/v1/jobs?limit=200' + (status ? '&status=' + T.enc(status) : ''));
    T.fill('list', table([
      { label: 'Job', cell: j => el('div', {}, link('/jobs/' + T.enc(j.id), j.name || j.id),
        j.name ? el('div', { class: 'small muted mono', text: j.id }) : null) },
      { label: 'Kind', cell: j => (j.spec && j.spec.kind) || 'train' },
      { label: 'Algorithm', cell: j => j.algorithm || '' },
      { label: 'Dataset', cell: j => (j.dataset ? link('/datasets/' + T.enc(j.dataset), j.dataset) : '') },
      { label: 'Priority', cell: j => String(j.priority || '').toLowerCase() },
      { label: 'Status', cell: j => badge(j.status) },
      { label: 'Progress', cell: j => progressCell(j.progress, j.status) },
      { label: 'Created', cell: j => el('span', { title: fmtTime(j.created_at), text: fmtAgo(j.created_at) }) },
      { label: 'Duration', cell: j => fmtDuration(j.started_at, j.finished_at) },
    ], jobs, status ? 'No ' + status + ' jobs.' : 'No jobs yet.'));
    clearTimeout(timer);
    if (jobs.some(j => j.status === 'queued' || j.status === 'running')) {
      timer = setTimeout(() => load().catch(() => {}), 3000);
    }
  }

  select.addEventListener('change', () => {
    const url = new URL(location.href);
    if (select.value) url.searchParams.set('status', select.value);
    else url.searchParams.delete('status');
    history.replaceState(null, '', url);
    T.clearMessages();
    load().catch(() => {});
  });
  await load();
});
