/**
 * GET /reports/chain: one enterprise's chain of custody for one month (SPEC §13), readable without
 * knowing GraphQL — declarations → factory entries → ledger bookings → the write-off, and the
 * discrepancies. A self-contained page: it asks for a token and sends CHAIN_QUERY to /graphql, so
 * every agency sees exactly what its row of the matrix allows (a denied panel says so).
 */
export const CHAIN_QUERY = `query Chain($id: ID!, $period: Period!, $from: Date!, $to: Date!) {
  enterprise(id: $id) { name filingNo
    stock(asOf: $to) { rawKg productKg }
    writeOff(period: $period) { openingRawKg rawInKg rawConsumedKg rawSoldKg lossKg closingRawKg reportedInventoryKg yieldRate balanced } }
  declarations(filter: { enterpriseId: $id, from: $from, to: $to, purpose: LANDING_PROCESSING }, first: 500) { totalCount
    edges { node { declarationNo declaredAt status custody { stage declaredKg releasedAt enteredAt receivedKg bookedKg unbookedKg sealIntact } } } }
  discrepancies(filter: { enterpriseId: $id, from: $from }, first: 200) { totalCount
    edges { node { kind subject declarationNo period expected actual detectedOn resolution { note resolvedBy } } } } }`;

export function chainPage(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>货物监管链 / Chain of custody</title>
<style>
  body { margin:0; font-family: "Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif; color:#1f2933; background:#f5f7fa; }
  header { background:#102a43; color:#fff; padding:14px 24px; display:flex; flex-wrap:wrap; gap:12px; align-items:center; }
  header h1 { font-size:20px; margin:0 24px 0 0; } header label { font-size:13px; color:#bcccdc; }
  header input { font:inherit; font-size:13px; padding:5px 8px; border-radius:4px; border:1px solid #486581; background:#243b53; color:#fff; }
  button { font:inherit; font-size:13px; padding:6px 14px; border:0; border-radius:4px; background:#1f6fb2; color:#fff; cursor:pointer; }
  main { padding:20px 24px; display:grid; gap:20px; }
  section { background:#fff; border:1px solid #d9e2ec; border-radius:6px; padding:16px 18px; }
  h2 { font-size:17px; margin:0 0 8px; } table { border-collapse:collapse; width:100%; font-size:14px; }
  th, td { border:1px solid #d9e2ec; padding:6px 8px; text-align:right; } th { background:#f0f4f8; text-align:center; } td.l { text-align:left; }
  .bad { color:#c62828; font-weight:600; } .ok { color:#2f8132; font-weight:600; } #status { color:#ffd166; font-size:13px; }
</style></head>
<body>
<header>
  <h1>货物监管链 · 底账核销</h1>
  <label>令牌 <input id="token" type="password" placeholder="npm run token -- COMMERCE" autocomplete="off"></label>
  <label>企业ID <input id="eid" size="38"></label>
  <label>月份 <input id="period" placeholder="2026-09" size="8"></label>
  <button id="load">查看 / Open</button> <span id="status"></span>
</header>
<main>
  <section id="writeoff"><h2>底账核销（月度）</h2><div class="body">输入令牌、企业ID与月份后查看。</div></section>
  <section id="lots"><h2>申报单 → 入厂 → 入账</h2><div class="body"></div></section>
  <section id="disc"><h2>差异</h2><div class="body"></div></section>
</main>
<script>
(function () {
  var QUERY = ${JSON.stringify(CHAIN_QUERY)};
  var STAGES = { DECLARED: '已申报', RELEASED: '已放行', ENTERED: '已入厂', BOOKED: '已入账', STOPPED: '已截停' };
  var $ = function (id) { return document.getElementById(id); };
  function table(head, rows) {
    var t = document.createElement('table'), tr = document.createElement('tr');
    head.forEach(function (x) { var th = document.createElement('th'); th.textContent = x; tr.appendChild(th); });
    t.appendChild(tr);
    rows.forEach(function (r) {
      var row = document.createElement('tr');
      r.forEach(function (c, i) { var td = document.createElement('td'); if (i === 0) td.className = 'l';
        if (c && typeof c === 'object') { td.textContent = c.text; td.className = (td.className + ' ' + c.cls).trim(); } else td.textContent = c == null ? '—' : String(c);
        row.appendChild(td); });
      t.appendChild(row);
    });
    return t;
  }
  function fill(id, node) { var b = $(id).querySelector('.body'); b.textContent = ''; if (typeof node === 'string') b.textContent = node; else b.appendChild(node); }
  function load() {
    var token = $('token').value.trim(), id = $('eid').value.trim(), period = $('period').value.trim();
    if (!/^\\d{4}-\\d{2}$/.test(period)) { $('status').textContent = '月份格式 YYYY-MM'; return; }
    var y = Number(period.slice(0, 4)), m = Number(period.slice(5, 7));
    var to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    $('status').textContent = '加载中…';
    fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({ query: QUERY, variables: { id: id, period: period, from: period + '-01', to: to } }) })
      .then(function (r) { return r.json(); })
      .then(function (b) {
        var d = b.data || {}, e = d.enterprise;
        $('status').textContent = b.errors ? '部分内容无权查看或出错：' + b.errors[0].message : (e ? e.name + ' · ' + period : '');
        var w = e && e.writeOff;
        fill('writeoff', w ? table(['期初', '入库', '投产', '原料直接销售', '残损', '期末', '月报库存', '出成率', '账实相符'],
          [[w.openingRawKg, w.rawInKg, w.rawConsumedKg, w.rawSoldKg, w.lossKg, w.closingRawKg, w.reportedInventoryKg, w.yieldRate,
            { text: w.balanced ? '相符' : '不符', cls: w.balanced ? 'ok' : 'bad' }]]) : '无权查看或无数据。');
        var lots = d.declarations ? d.declarations.edges.map(function (x) { var n = x.node, c = n.custody || {};
          return [n.declarationNo, n.declaredAt, c.declaredKg, c.enteredAt, c.receivedKg, c.bookedKg, c.unbookedKg,
            c.sealIntact === false ? { text: '破损', cls: 'bad' } : c.sealIntact ? '完好' : null,
            { text: STAGES[c.stage] || c.stage, cls: c.stage === 'BOOKED' ? 'ok' : c.stage === 'STOPPED' ? '' : 'bad' }]; }) : null;
        fill('lots', lots ? table(['申报单号', '申报时间', '申报重量', '入厂时间', '过磅重量', '已入账', '未入账', '施封', '环节'], lots) : '无权查看申报单。');
        var ds = d.discrepancies ? d.discrepancies.edges.map(function (x) { var n = x.node;
          return [n.kind, n.declarationNo || n.subject, n.period, n.expected, n.actual, n.detectedOn, n.resolution ? n.resolution.note : { text: '未处理', cls: 'bad' }]; }) : null;
        fill('disc', ds ? (ds.length ? table(['类别', '对象', '期间', '应为', '实为', '发现日期', '处理'], ds) : '本月起无差异。') : '无权查看差异。');
      })
      .catch(function (e) { $('status').textContent = '加载失败：' + e.message; });
  }
  $('load').addEventListener('click', load);
})();
</script>
</body></html>`;
}
