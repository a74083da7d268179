// The collector's home page: a live table of the requests it received, for a person who
// clicks through the demo shop in another tab. It reads GET /__stream (server-sent events)
// and loads nothing from other hosts.

export const VIEWER_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Collector: live events</title>
<style>
  body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d2733; background: #f5f7f9; }
  header { display: flex; align-items: center; gap: 16px; padding: 12px 20px; background: #1f3a2e; color: #fff; }
  header h1 { font-size: 18px; margin: 0; flex: 1; }
  header label { font-size: 13px; }
  button { font: inherit; padding: 4px 12px; border-radius: 4px; border: 1px solid #c9d2da; background: #fff; cursor: pointer; }
  #connection { font-size: 12px; padding: 2px 8px; border-radius: 10px; background: #7b8794; }
  #connection.live { background: #2f9e44; }
  main { padding: 12px 20px; }
  table { width: 100%; border-collapse: collapse; background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e6eaee; vertical-align: top; }
  th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #5b6773; background: #eef1f4; position: sticky; top: 0; }
  td.mono, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
  tr.summary { cursor: pointer; }
  tr.summary:hover { background: #f0f6ff; }
  tr.preflight { color: #8a96a3; }
  tr.rejected { background: #fff0f0; }
  tr.rejected:hover { background: #ffe3e3; }
  .status-ok { color: #2b8a3e; font-weight: 600; }
  .status-bad { color: #c92a2a; font-weight: 600; }
  .message { color: #c92a2a; font-size: 12px; margin-top: 2px; }
  tr.details td { background: #fbfcfd; }
  pre { margin: 4px 0 8px; white-space: pre-wrap; word-break: break-all; }
  .details h3 { font-size: 12px; margin: 8px 0 0; color: #5b6773; }
  #empty { padding: 24px; text-align: center; color: #5b6773; }
</style>
</head>
<body>
<header>
  <h1>Collector: live events</h1>
  <span id="connection">connecting</span>
  <label><input type="checkbox" id="hide-preflight"> Hide OPTIONS preflights</label>
  <button type="button" id="clear">Clear</button>
</header>
<main>
  <p>Newest first. Click a row to see the request body, the response and the headers.
     Rows in red were rejected, with the collector's message under the path.</p>
  <table>
    <thead>
      <tr><th>Time</th><th>Method</th><th>Path</th><th>Status</th><th>Event</th><th>Shop</th>
          <th>did</th><th>seance</th><th>Source</th><th>Transport</th></tr>
    </thead>
    <tbody id="rows"></tbody>
  </table>
  <div id="empty">No requests yet. Open the demo shop and click around.</div>
</main>
<script>
  const rows = document.getElementById('rows');
  const empty = document.getElementById('empty');
  const hidePreflight = document.getElementById('hide-preflight');
  const connection = document.getElementById('connection');

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text === undefined || text === null ? '' : String(text);
    if (className) td.className = className;
    return td;
  }

  function pretty(value) {
    return JSON.stringify(value, null, 2);
  }

  function eventName(record) {
    if (record.path === '/init') return 'init';
    if (record.path.startsWith('/track/')) {
      const kind = record.path.slice('/track/'.length);
      return record.body && record.body.type ? kind + ' (' + record.body.type + ')' : kind;
    }
    return record.body && record.body.event;
  }

  function addDetailSection(container, title, text) {
    const heading = document.createElement('h3');
    heading.textContent = title;
    const pre = document.createElement('pre');
    pre.textContent = text;
    container.append(heading, pre);
  }

  function addRecord(record) {
    const body = record.body || {};
    const query = record.query || {};
    const response = record.response || {};
    const rejected = record.status === null || record.status >= 400;
    const source = body.source && typeof body.source === 'object'
      ? body.source.from + ': ' + body.source.code
      : body.source;

    const summary = document.createElement('tr');
    summary.className = 'summary' + (record.method === 'OPTIONS' ? ' preflight' : '') + (rejected ? ' rejected' : '');
    const pathCell = cell(record.path, 'mono');
    if (rejected) {
      const message = document.createElement('div');
      message.className = 'message';
      message.textContent = record.status === null ? 'connection dropped (injected fault)' : response.message || '';
      pathCell.append(message);
    }
    summary.append(
      cell(new Date(record.at).toLocaleTimeString(undefined, { hour12: false }) + '.' + String(record.at % 1000).padStart(3, '0')),
      cell(record.method),
      pathCell,
      cell(record.status === null ? 'dropped' : record.status, rejected ? 'status-bad' : 'status-ok'),
      cell(eventName(record)),
      cell(body.shop_id || query.shop_id, 'mono'),
      cell(body.did || query.did || response.did, 'mono'),
      cell(body.seance || query.sid || response.seance, 'mono'),
      cell(source),
      cell(record.transport),
    );

    const details = document.createElement('tr');
    details.className = 'details';
    details.hidden = true;
    const detailCell = document.createElement('td');
    detailCell.colSpan = 10;
    detailCell.className = 'details';
    addDetailSection(detailCell, 'Body', record.body === null ? record.rawBody || '(empty)' : pretty(record.body));
    if (Object.keys(query).length > 0) addDetailSection(detailCell, 'Query', pretty(query));
    addDetailSection(detailCell, 'Response', record.response === null ? '(no body)' : pretty(record.response));
    addDetailSection(detailCell, 'Headers', pretty(record.headers));
    details.append(detailCell);

    summary.addEventListener('click', () => { details.hidden = !details.hidden; });
    summary.dataset.method = record.method;
    rows.prepend(summary, details);
    applyFilter(summary);
    empty.hidden = true;
  }

  // Hides a preflight row, and its details row, while the checkbox is ticked.
  function applyFilter(summary) {
    const hide = hidePreflight.checked && summary.dataset.method === 'OPTIONS';
    summary.hidden = hide;
    if (hide) {
      summary.nextElementSibling.hidden = true;
    }
  }

  hidePreflight.addEventListener('change', () => {
    rows.querySelectorAll('tr.summary').forEach(applyFilter);
  });

  document.getElementById('clear').addEventListener('click', () => {
    fetch('/__reset', { method: 'POST' });
  });

  // The server replays every recorded request on connect, and an EventSource that reconnects
  // sends Last-Event-ID, so the server replays only what this page has not seen.
  const events = new EventSource('/__stream');
  events.addEventListener('open', () => { connection.textContent = 'live'; connection.className = 'live'; });
  events.addEventListener('error', () => { connection.textContent = 'reconnecting'; connection.className = ''; });
  events.addEventListener('request', (message) => addRecord(JSON.parse(message.data)));
  events.addEventListener('reset', () => { rows.replaceChildren(); empty.hidden = false; });
</script>
</body>
</html>
`;
