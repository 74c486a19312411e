/* Datasets: the caller's list and an upload with a progress bar (raw body, XMLHttpRequest progress). */
'use strict';

T.page(async me => {
  const { el, table, link, fmtBytes, fmtTime, fmtAgo } = T;

  async function load() {
    const list = await T.api('GET', '/api/v1/datasets');
    const owners = list.some(d => d.owner) ? [{ label: 'Owner', cell: d => d.owner || '' }] : [];
    T.fill('list', table([
      { label: 'Name', cell: d => link('/datasets/' + T.enc(d.id), d.name) },
      { label: 'Format', cell: d => d.format },
      { label: 'Size', cls: 'num', cell: d => fmtBytes(d.bytes) },
      ...owners,
      { label: 'Uploaded', cell: d => el('span', { title: fmtTime(d.created_at), text: fmtAgo(d.created_at) }) },
      { label: 'Id', cell: d => el('code', { text: d.id }) },
      { label: '', cell: d => link('/jobs/new?dataset=' + T.enc(d.id), 'Train') },
    ], list, 'No datasets yet: upload a CSV file above.'));
  }

  if (me.role === 'viewer') {
    T.$('upload-card').classList.add('hidden');
  }
  const form = T.$('upload-form');
  const file = T.$('file');
  const name = T.$('name');
  const button = T.$('upload-button');
  const bar = T.$('upload-progress');
  const pct = T.$('upload-percent');
  const status = T.$('upload-text');
  file.addEventListener('change', () => {
    if (file.files[0] && !name.value) name.placeholder = file.files[0].name;
  });
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const f = file.files[0];
    if (!f) {
      T.message('error', 'Choose a file to upload.');
      return;
    }
    const label = name.value.trim() || f.name;
    T.$('upload-status').classList.remove('hidden');
    bar.classList.remove('done');
    button.disabled = true;
    status.textContent = 'Uploading ' + label + ' (' + fmtBytes(f.size) + ')…';
    const show = fraction => {
      const p = Math.round(fraction * 100);
      bar.value = p;
      pct.textContent = p + '%';
      if (fraction >= 1) status.textContent = 'Uploaded; the server is checking the file…';
    };
    try {
      const d = await T.upload('/api/v1/datasets?name=' + T.enc(label), f, show);
      bar.classList.add('done');
      status.textContent = '';
      T.message('ok', 'Uploaded ', null, el('span', {}, link('/datasets/' + T.enc(d.id), d.name),
        ' (' + fmtBytes(d.bytes) + ', ' + d.format + ').'));
      form.reset();
      name.placeholder = 'defaults to the file name';
      await load();
    } catch (e) {
      status.textContent = 'The upload failed.';
      T.showError(e);
    } finally {
      button.disabled = false;
    }
  });
  T.$('refresh').addEventListener('click', () => load().catch(T.showError));
  await load();
});
