/**
 * The HTML report's one stylesheet and one script, inlined into the page.
 * They are constants: the page's Content-Security-Policy allows exactly these
 * two blocks by their SHA-256, and nothing else.
 */

export const HTML_STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
  --bad: #cf222e; --bad-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5; --good: #1a7f37; --good-bg: #dafbe1; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
  --bad: #ff7b72; --bad-bg: #3c1618; --warn: #d29922; --warn-bg: #37290b; --good: #3fb950; --good-bg: #12261e; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header.top, main { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
header.top { padding-top: 24px; }
h1 { margin: 0 0 4px; font-size: 26px; }
dl.target { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 8px 0; }
dl.target div { display: flex; gap: 6px; align-items: baseline; }
dl.target dt { color: var(--muted); }
dl.target dd { margin: 0; }
h2 { margin: 32px 0 12px; font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
code, .file, .redacted { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; overflow-wrap: anywhere; }
.muted { color: var(--muted); font-weight: normal; }
.verdict { font-size: 17px; font-weight: 600; padding: 10px 14px; border-radius: 6px; }
.verdict.bad { color: var(--bad); background: var(--bad-bg); }
.verdict.good { color: var(--good); background: var(--good-bg); }
.stats { display: flex; flex-wrap: wrap; gap: 10px; }
.stat { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.stat .value { font-size: 20px; font-weight: 600; }
.stat .label { color: var(--muted); font-size: 13px; }
.stat.bad .value { color: var(--bad); } .stat.warn .value { color: var(--warn); } .stat.good .value { color: var(--good); }
article.secret { border: 1px solid var(--line); border-left: 4px solid var(--warn); border-radius: 6px; padding: 12px 16px; margin: 12px 0; background: var(--panel); }
article.secret.live { border-left-color: var(--bad); }
article.secret header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.redacted { font-size: 15px; font-weight: 600; }
.rule { font-weight: 600; }
article p { margin: 6px 0; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.badge-live, .badge-live_no_quota { color: var(--bad); background: var(--bad-bg); }
.badge-invalid, .badge-deactivated { color: var(--good); background: var(--good-bg); }
.badge-unknown { color: var(--warn); background: var(--warn-bg); }
.badge-none { color: var(--muted); }
.sev { font-weight: 600; text-transform: uppercase; font-size: 12px; }
.sev-error { color: var(--bad); } .sev-warning { color: var(--warn); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, .col-severity, .col-rule, .col-line, .col-commit, .col-date, .col-probe, .nowrap { white-space: nowrap; }
.scroll { overflow-x: auto; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid var(--fg); }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
#findings-table tbody tr:nth-child(even) { background: var(--panel); }
.tools input { font: inherit; padding: 4px 8px; min-width: 260px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
details summary { cursor: pointer; font-weight: 600; margin-top: 6px; }
ol, ul { margin: 6px 0; padding-left: 24px; }
a { color: inherit; }
main { padding-bottom: 48px; }
`;

export const HTML_SCRIPT = `
(function () {
  var table = document.getElementById('findings-table');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var input = document.getElementById('filter');
  var shown = document.getElementById('shown');
  var sortKey = '';
  var direction = 1;

  function filter(query) {
    var needle = query.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var hit = needle === '' || row.textContent.toLowerCase().indexOf(needle) !== -1;
      row.hidden = !hit;
      if (hit) count++;
    });
    shown.textContent = String(count);
  }

  function sort(key) {
    direction = key === sortKey ? -direction : 1;
    sortKey = key;
    rows.sort(function (a, b) {
      var x = a.getAttribute('data-' + key) || '';
      var y = b.getAttribute('data-' + key) || '';
      var order = key === 'line' ? Number(x) - Number(y) : x.localeCompare(y, undefined, { numeric: true });
      return order * direction;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.setAttribute('aria-sort', th.getAttribute('data-key') !== key ? 'none' : direction > 0 ? 'ascending' : 'descending');
    });
  }

  input.addEventListener('input', function () { filter(input.value); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.querySelector('button').addEventListener('click', function () { sort(th.getAttribute('data-key')); });
  });

  // report.html#q=app.ts&sort=file opens the table filtered and sorted: links can point at a view.
  var params = new URLSearchParams(location.hash.slice(1));
  if (params.get('sort')) sort(params.get('sort'));
  if (params.get('q')) { input.value = params.get('q'); filter(input.value); }
})();
`;
