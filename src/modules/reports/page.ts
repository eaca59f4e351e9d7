/**
 * The report page (SPEC §2 GET /reports): one self-contained HTML document, no CDN, no web fonts
 * (agency networks are offline). Charts are inline SVG drawn by the small script below from
 * /reports/data.json, fetched with the token typed into the token box.
 */
export function reportPage(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>边民互市落地加工报表 / Reports</title>
<style>
  :root { --ink:#1f2933; --muted:#616e7c; --line:#d9e2ec; --plan:#334e68; --warn:#d64545; --ok:#2f8132; --bad:#c62828; --accent:#1f6fb2; }
  * { box-sizing: border-box; }
  body { margin:0; font-family: "Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif; color:var(--ink); background:#f5f7fa; }
  header { background:#102a43; color:#fff; padding:14px 24px; display:flex; flex-wrap:wrap; gap:12px; align-items:center; }
  header h1 { font-size:20px; margin:0 24px 0 0; font-weight:600; }
  header label { font-size:13px; color:#bcccdc; }
  header input { font:inherit; font-size:13px; padding:5px 8px; border-radius:4px; border:1px solid #486581; background:#243b53; color:#fff; }
  #token { width:280px; } #year { width:80px; }
  button { font:inherit; font-size:13px; padding:6px 14px; border:0; border-radius:4px; background:var(--accent); color:#fff; cursor:pointer; }
  button.secondary { background:#fff; color:var(--accent); border:1px solid var(--accent); }
  main { padding:20px 24px; display:grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap:20px; }
  section { background:#fff; border:1px solid var(--line); border-radius:6px; padding:16px 18px; }
  section.wide { grid-column: 1 / -1; }
  h2 { font-size:17px; margin:0 0 4px; } .sub { color:var(--muted); font-size:13px; margin:0 0 10px; }
  .kpis { display:flex; gap:22px; flex-wrap:wrap; margin:6px 0 10px; }
  .kpi b { display:block; font-size:22px; } .kpi span { color:var(--muted); font-size:12px; } .kpi .badge { color:#fff; font-size:15px; padding:3px 14px; margin-bottom:4px; }
  .badge { display:inline-block; padding:2px 10px; border-radius:10px; font-size:13px; font-weight:600; color:#fff; }
  .badge.warn { background:var(--warn); } .badge.ok { background:var(--ok); } .badge.bad { background:var(--bad); }
  table { border-collapse:collapse; width:100%; font-size:14px; }
  th, td { border:1px solid var(--line); padding:6px 8px; text-align:right; } th { background:#f0f4f8; text-align:center; }
  td.name { text-align:left; } .bar { background:#e4e7eb; height:8px; border-radius:4px; overflow:hidden; margin-top:3px; }
  .bar i { display:block; height:100%; }
  #status { color:#ffd166; font-size:13px; } .downloads { display:flex; gap:8px; flex-wrap:wrap; margin-top:10px; }
  svg text { font-size:12px; fill:var(--ink); } svg .axis { stroke:#9aa5b1; } svg .grid { stroke:#eef2f6; }
  .legend { display:flex; flex-wrap:wrap; gap:10px; font-size:12px; margin-top:6px; } .legend i { display:inline-block; width:12px; height:12px; margin-right:4px; vertical-align:-1px; border-radius:2px; }
</style></head>
<body>
<header>
  <h1>边民互市贸易进口商品落地加工 · 报表</h1>
  <label>令牌 / Bearer token <input id="token" type="password" placeholder="npm run token -- COMMERCE" autocomplete="off"></label>
  <label>年度 <input id="year" type="number" min="2000" max="2100"></label>
  <button id="load">加载 / Load</button>
  <span id="status"></span>
</header>
<main>
  <section id="quota"><h2>落地加工额度使用情况</h2><p class="sub">累计消耗对比年度计划，80% 预警线与全年预测（方案 二(六)）</p><div class="body">请输入令牌后加载。</div></section>
  <section id="commodity"><h2>月度落地加工货值（按商品）</h2><p class="sub">申报状态：已申报、已放行、查验中</p><div class="body"></div></section>
  <section id="assessment" class="wide"><h2>加工企业考核完成情况表（附件7）</h2><p class="sub">进口贸易额单位：万元</p><div class="body"></div>
    <div class="downloads">
      <button class="secondary" data-dl="assessment.xlsx">下载考核表 XLSX</button>
      <button class="secondary" data-dl="assessment.csv">下载考核表 CSV</button>
      <button class="secondary" data-dl="monthly-return.xlsx" data-period="1">下载月度报送 XLSX</button>
      <button class="secondary" data-dl="trade-stats.xlsx" data-range="1">下载贸易统计 XLSX</button>
    </div></section>
  <section id="custody" class="wide"><h2>货物监管链差异统计</h2><p class="sub">按类别与月份（括号内为未处理）；由平台根据申报、入厂、台账与月报自动比对（SPEC §13）</p><div class="body"></div>
    <div class="downloads">
      <button class="secondary" data-dl="write-off.xlsx" data-period="1">下载底账核销表 XLSX</button>
      <button class="secondary" data-dl="write-off.csv" data-period="1">下载底账核销表 CSV</button>
    </div></section>
</main>
<script>
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var NS = 'http://www.w3.org/2000/svg';
  var PALETTE = ['#1f6fb2', '#f0a202', '#2f8132', '#8e44ad', '#d64545', '#16a085', '#9aa5b1'];
  var token = sessionStorage.getItem('reports-token') || '';
  $('token').value = token;
  var params = new URLSearchParams(location.search);
  // No year in the address: the server picks the latest year with data and the box shows it.
  $('year').value = params.get('year') || '';
  var asOf = params.get('asOf');

  function el(tag, attrs, text) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }
  function h(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }
  function unitFor(max) { return max >= 1e8 ? { div: 1e8, name: '亿元' } : { div: 1e4, name: '万元' }; }
  function fmt(yuan, unit, digits) { return (Number(yuan) / unit.div).toFixed(digits == null ? 2 : digits); }
  function pct(x) { return x == null ? '—' : (x * 100).toFixed(2) + '%'; }
  function niceMax(v) { if (v <= 0) return 1; var p = Math.pow(10, Math.floor(Math.log10(v))); var m = v / p; return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p; }

  function quotaChart(q) {
    var body = $('quota').querySelector('.body');
    body.textContent = '';
    if (!q) { body.textContent = '本机构无权查看额度汇总（仅本单位数据）。'; return; }
    if (!q.planned) { body.textContent = q.year + ' 年尚未设定年度计划。'; return; }
    var scale = Number(q.landingProcessingScaleYuan), consumed = Number(q.consumedYuan), projected = Number(q.projectedAnnualYuan);
    var unit = unitFor(Math.max(scale, projected));
    var kpis = h('div', { class: 'kpis' });
    [[fmt(consumed, unit) + ' ' + unit.name, '截至 ' + q.asOf + ' 已消耗'], [pct(q.consumptionRatio), '消耗比例'],
     [fmt(projected, unit) + ' ' + unit.name, '按进度预计全年'], [fmt(scale, unit) + ' ' + unit.name, '年度落地加工计划']].forEach(function (k) {
      var d = h('div', { class: 'kpi' }); d.appendChild(h('b', {}, k[0])); d.appendChild(h('span', {}, k[1])); kpis.appendChild(d);
    });
    var b = h('div', { class: 'kpi' }); b.appendChild(h('span', { class: 'badge ' + (q.warning ? 'warn' : 'ok') }, q.warning ? '预警' : '正常')); b.appendChild(h('span', {}, '预警状态')); kpis.appendChild(b);
    body.appendChild(kpis);
    var W = 600, H = 290, L = 60, R = 100, T = 24, B = 30;
    var yMax = niceMax(Math.max(scale, projected, consumed) * 1.05);
    var x = function (m) { return L + (W - L - R) * m / 12; };
    var y = function (v) { return T + (H - T - B) * (1 - v / yMax); };
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'img', 'aria-label': '额度消耗图' });
    for (var i = 0; i <= 5; i++) {
      var v = yMax * i / 5;
      svg.appendChild(el('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }));
      svg.appendChild(el('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v, unit, yMax / unit.div < 5 ? 1 : 0)));
    }
    svg.appendChild(el('text', { x: 4, y: 12 }, unit.name));
    for (var m = 1; m <= 12; m++) svg.appendChild(el('text', { x: x(m - 0.5), y: H - 10, 'text-anchor': 'middle' }, m + '月'));
    svg.appendChild(el('line', { x1: L, x2: W - R, y1: y(0), y2: y(0), class: 'axis' }));
    var planY = y(scale), warnY = y(scale * q.warningRatio);
    svg.appendChild(el('line', { x1: L, x2: W - R, y1: planY, y2: planY, stroke: 'var(--plan)', 'stroke-width': 2 }));
    svg.appendChild(el('text', { x: W - R + 6, y: planY + 4, fill: 'var(--plan)' }, '计划 100%'));
    svg.appendChild(el('line', { x1: L, x2: W - R, y1: warnY, y2: warnY, stroke: 'var(--warn)', 'stroke-width': 2, 'stroke-dasharray': '6 4' }));
    svg.appendChild(el('text', { x: W - R + 6, y: warnY + 4, fill: 'var(--warn)' }, '预警线 ' + Math.round(q.warningRatio * 100) + '%'));
    var pts = [[0, 0]], cum = q.cumulativeByMonth, elapsed = 0;
    cum.forEach(function (c, i) {
      var last = i === cum.length - 1;
      var mm = Number(c.month.slice(5, 7));
      var at = mm;
      if (last && q.asOf.slice(0, 7) === c.month) { var d = Number(q.asOf.slice(8, 10)); var dim = new Date(Date.UTC(q.year, mm, 0)).getUTCDate(); at = mm - 1 + d / dim; }
      pts.push([at, Number(c.cumulativeYuan)]); elapsed = at;
    });
    if (elapsed > 0 && elapsed < 12) {
      svg.appendChild(el('line', { x1: x(elapsed), y1: y(consumed), x2: x(12), y2: y(projected), stroke: 'var(--accent)', 'stroke-width': 2, 'stroke-dasharray': '3 4' }));
      svg.appendChild(el('text', { x: W - R + 6, y: y(projected) + 4, fill: 'var(--accent)' }, '预计 ' + fmt(projected, unit)));
    }
    svg.appendChild(el('polyline', { points: pts.map(function (p) { return x(p[0]) + ',' + y(p[1]); }).join(' '), fill: 'none', stroke: 'var(--accent)', 'stroke-width': 3 }));
    var lastPt = pts[pts.length - 1];
    svg.appendChild(el('circle', { cx: x(lastPt[0]), cy: y(lastPt[1]), r: 4, fill: 'var(--accent)' }));
    body.appendChild(svg);
    var lg = h('div', { class: 'legend' });
    [['var(--accent)', '累计消耗（实线）/ 预测（虚线）'], ['var(--plan)', '年度计划'], ['var(--warn)', '80% 预警线']].forEach(function (l) { var s = h('span'); var i2 = h('i'); i2.style.background = l[0]; s.appendChild(i2); s.appendChild(document.createTextNode(l[1])); lg.appendChild(s); });
    body.appendChild(lg);
  }

  function commodityChart(rows, names, year, scope) {
    var body = $('commodity').querySelector('.body');
    body.textContent = '';
    $('commodity').querySelector('h2').textContent = scope === 'OWN' ? '本单位月度落地加工货值（按商品）' : '月度落地加工货值（按商品）';
    if (!rows.length) { body.textContent = (scope === 'OWN' ? '本单位 ' : '') + year + ' 年暂无落地加工申报。'; return; }
    var totals = {};
    rows.forEach(function (r) { totals[r.hsCode] = (totals[r.hsCode] || 0) + Number(r.valueYuan); });
    var codes = Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a]; });
    var top = codes.slice(0, 6), other = codes.length > 6;
    var series = top.concat(other ? ['其他'] : []);
    var byMonth = {};
    rows.forEach(function (r) {
      var k = top.indexOf(r.hsCode) >= 0 ? r.hsCode : '其他';
      var m = Number(r.month.slice(5, 7));
      byMonth[m] = byMonth[m] || {}; byMonth[m][k] = (byMonth[m][k] || 0) + Number(r.valueYuan);
    });
    var monthTotals = []; for (var m = 1; m <= 12; m++) { var t = 0; for (var k in byMonth[m] || {}) t += byMonth[m][k]; monthTotals.push(t); }
    var unit = unitFor(Math.max.apply(null, monthTotals));
    var W = 600, H = 290, L = 60, R = 12, T = 24, B = 30;
    var yMax = niceMax(Math.max.apply(null, monthTotals) * 1.05);
    var bw = (W - L - R) / 12;
    var y = function (v) { return T + (H - T - B) * (1 - v / yMax); };
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'img', 'aria-label': '月度落地加工货值' });
    for (var i = 0; i <= 5; i++) { var v = yMax * i / 5; svg.appendChild(el('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' })); svg.appendChild(el('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v, unit, yMax / unit.div < 5 ? 1 : 0))); }
    svg.appendChild(el('text', { x: 4, y: 12 }, unit.name));
    for (var mm = 1; mm <= 12; mm++) {
      var x0 = L + bw * (mm - 1) + bw * 0.15, acc = 0;
      series.forEach(function (s, si) {
        var val = (byMonth[mm] || {})[s] || 0; if (!val) return;
        var rect = el('rect', { x: x0, width: bw * 0.7, y: y(acc + val), height: y(acc) - y(acc + val), fill: PALETTE[si] });
        rect.appendChild(el('title', {}, mm + '月 ' + s + '：' + fmt(val, unit) + ' ' + unit.name));
        svg.appendChild(rect); acc += val;
      });
      svg.appendChild(el('text', { x: L + bw * (mm - 0.5), y: H - 10, 'text-anchor': 'middle' }, mm + '月'));
    }
    svg.appendChild(el('line', { x1: L, x2: W - R, y1: y(0), y2: y(0), class: 'axis' }));
    body.appendChild(svg);
    var lg = h('div', { class: 'legend' });
    series.forEach(function (s, si) { var sp = h('span'); var i2 = h('i'); i2.style.background = PALETTE[si]; sp.appendChild(i2); sp.appendChild(document.createTextNode(s === '其他' ? '其他' : s + (names[s] ? ' ' + names[s] : '') + '（' + fmt(totals[s], unit) + '）')); lg.appendChild(sp); });
    body.appendChild(lg);
  }

  function assessmentTable(rows, year) {
    var body = $('assessment').querySelector('.body');
    body.textContent = '';
    if (!rows.length) { body.textContent = year + ' 年暂无考核数据。'; return; }
    var done = rows.filter(function (r) { return r.completed; }).length;
    var p = h('p', { class: 'sub' }, '共 ' + rows.length + ' 家企业，完成 ' + done + ' 家，未完成 ' + (rows.length - done) + ' 家。');
    body.appendChild(p);
    var t = h('table');
    t.innerHTML = '<thead><tr><th rowspan="2">序号</th><th rowspan="2">加工企业名称</th><th colspan="2">考核标准</th><th colspan="2">完成情况</th><th rowspan="2">是否完成</th></tr>' +
      '<tr><th>进口贸易额（万元）</th><th>加工产品增值率</th><th>进口贸易额（万元）</th><th>加工产品增值率</th></tr></thead>';
    var tb = h('tbody');
    var wan = { div: 1e4 };
    rows.forEach(function (r, i) {
      var tr = h('tr');
      tr.appendChild(h('td', {}, String(i + 1)));
      tr.appendChild(h('td', { class: 'name' }, r.enterpriseName));
      tr.appendChild(h('td', {}, r.importTradeTargetYuan == null ? '未设定' : fmt(r.importTradeTargetYuan, wan)));
      tr.appendChild(h('td', {}, pct(r.valueAddRateTarget)));
      var imp = h('td', {}, fmt(r.actualImportTradeYuan, wan));
      if (r.importTradeTargetYuan != null && Number(r.importTradeTargetYuan) > 0) {
        var share = Number(r.actualImportTradeYuan) / Number(r.importTradeTargetYuan);
        var bar = h('div', { class: 'bar' }); var fill = h('i'); fill.style.width = Math.min(100, share * 100) + '%'; fill.style.background = share >= 1 ? 'var(--ok)' : 'var(--accent)'; bar.appendChild(fill); imp.appendChild(bar);
      }
      tr.appendChild(imp);
      var rate = h('td', {}, pct(r.actualValueAddRate));
      if (r.valueAddRateTarget != null && r.actualValueAddRate != null) rate.style.color = r.actualValueAddRate >= r.valueAddRateTarget ? 'var(--ok)' : 'var(--bad)';
      tr.appendChild(rate);
      var c = h('td'); c.style.textAlign = 'center'; c.appendChild(h('span', { class: 'badge ' + (r.completed ? 'ok' : 'bad') }, r.completed ? '✓ 完成' : '✗ 未完成')); tr.appendChild(c);
      tb.appendChild(tr);
    });
    t.appendChild(tb); body.appendChild(t);
  }

  var KINDS = { RELEASED_NOT_ENTERED: '放行未入厂', RECEIVED_MISMATCH: '过磅与申报不符', SEAL_BROKEN: '施封破损', ENTERED_NOT_BOOKED: '入厂未入账',
    NEGATIVE_STOCK: '台账负库存', INVENTORY_MISMATCH: '月报库存与台账不符', RAW_SOLD: '原料直接销售', REPORT_MISSING: '月报未按期报送', VALUE_ADD_BELOW_THRESHOLD: '增值率低于标准' };
  function custodyTable(rows, year) {
    var body = $('custody').querySelector('.body');
    body.textContent = '';
    if (!rows || !rows.length) { body.textContent = year + ' 年无差异（或本机关无权查看）。'; return; }
    var cells = {};
    rows.forEach(function (r) { cells[r.kind + '|' + r.period] = r; });
    var t = h('table');
    var head = '<thead><tr><th>差异类别</th>';
    for (var m = 1; m <= 12; m++) head += '<th>' + m + '月</th>';
    t.innerHTML = head + '<th>合计</th></tr></thead>';
    var tb = h('tbody');
    Object.keys(KINDS).forEach(function (k) {
      var tr = h('tr'); tr.appendChild(h('td', { class: 'name' }, KINDS[k]));
      var total = 0, open = 0;
      for (var m = 1; m <= 12; m++) {
        var c = cells[k + '|' + year + '-' + String(m).padStart(2, '0')];
        if (c) { total += c.count; open += c.open; }
        tr.appendChild(h('td', {}, c ? c.count + '（' + c.open + '）' : ''));
      }
      tr.appendChild(h('td', {}, total ? total + '（' + open + '）' : '0'));
      tb.appendChild(tr);
    });
    t.appendChild(tb); body.appendChild(t);
  }

  function load() {
    token = $('token').value.trim();
    sessionStorage.setItem('reports-token', token);
    var year = $('year').value, q = [];
    if (year) q.push('year=' + encodeURIComponent(year));
    if (asOf) q.push('asOf=' + encodeURIComponent(asOf));
    $('status').textContent = '加载中…';
    fetch('/reports/data.json' + (q.length ? '?' + q.join('&') : ''), { headers: { authorization: 'Bearer ' + token } })
      .then(function (res) { return res.json().then(function (b) { return { ok: res.ok, body: b }; }); })
      .then(function (r) {
        if (!r.ok) { $('status').textContent = (r.body.errors && r.body.errors[0].message) || '加载失败'; return; }
        var d = r.body;
        $('year').value = d.year;
        quotaChart(d.quota); commodityChart(d.commodityMonthly, d.commodityNames, d.year, d.commodityScope); assessmentTable(d.assessments, d.year); custodyTable(d.discrepancyCounts, d.year);
        $('status').textContent = d.viewer.agency + ' · ' + d.year + ' 年 · 截至 ' + d.asOf;
        document.body.setAttribute('data-loaded', 'true');
      })
      .catch(function (e) { $('status').textContent = '加载失败：' + e.message; });
  }

  function download(ev) {
    var btn = ev.target, file = btn.getAttribute('data-dl'), year = $('year').value, q;
    if (btn.getAttribute('data-period')) { var now = new Date(); var m = now.getFullYear() == year ? now.getMonth() || 1 : 12; q = 'period=' + year + '-' + String(m).padStart(2, '0'); }
    else if (btn.getAttribute('data-range')) q = 'from=' + year + '-01-01&to=' + year + '-12-31&groupBy=MONTH,COMMODITY';
    else q = 'year=' + year;
    fetch('/reports/' + file + '?' + q, { headers: { authorization: 'Bearer ' + token } }).then(function (res) {
      if (!res.ok) return res.json().then(function (b) { $('status').textContent = b.errors[0].message; });
      return res.blob().then(function (blob) { var a = h('a', { href: URL.createObjectURL(blob), download: file }); document.body.appendChild(a); a.click(); a.remove(); });
    });
  }

  $('load').addEventListener('click', load);
  $('token').addEventListener('keydown', function (e) { if (e.key === 'Enter') load(); });
  Array.prototype.forEach.call(document.querySelectorAll('[data-dl]'), function (b) { b.addEventListener('click', download); });
  if (token) load();
})();
</script>
</body></html>`;
}
