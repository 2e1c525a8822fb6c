import { echartsScript } from './echarts-script.js';
import { escapeHtml, scriptJson } from './escape-html.js';

/**
 * How a chart's values read in its tooltip and axis: `usd` (a cost), `count`, `percent` (a 0–1
 * share), `seconds`.
 */
export type ChartValueFormat = 'usd' | 'count' | 'percent' | 'seconds';

/** One ECharts chart: its element id, its option (plain JSON) and how its values read. */
export interface ChartSpec {
  id: string;
  /** The ECharts option; JSON only (functions are attached in the page from `format`). */
  option: Record<string, unknown>;
  format?: ChartValueFormat;
  /** Element height in pixels (default 320). */
  height?: number;
}

/** One section of the report: a heading, HTML markup (already escaped) and the charts it places. */
export interface HtmlSection {
  id: string;
  title: string;
  /** Markup; a chart is placed with {@link chartSlot}. */
  body: string;
  charts: ChartSpec[];
}

/** The element a chart renders into. */
export function chartSlot(chart: ChartSpec): string {
  return `<div class="chart" id="${escapeHtml(chart.id)}" style="height:${chart.height ?? 320}px"></div>`;
}

const STYLE = `
:root{color-scheme:light;--fg:#1d2330;--muted:#5b6475;--line:#dde1e8;--warn:#9a3412;--warnbg:#fff4e5}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:#f6f7f9}
header{padding:20px 28px;background:#fff;border-bottom:1px solid var(--line)}h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:var(--muted)}
nav{display:flex;gap:14px;flex-wrap:wrap;margin-top:10px}nav a{color:#2457c5;text-decoration:none}
main{padding:18px 28px;max-width:1280px}section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 18px;margin:0 0 18px}
h2{margin:0 0 10px;font-size:17px}h3{margin:16px 0 6px;font-size:14px;color:var(--muted);font-weight:600}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:12px}.chart{width:100%}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th{color:var(--muted);font-weight:600}td.k,th.k{text-align:left}td.k{white-space:normal}td.id{font-family:ui-monospace,monospace;text-align:left}
.callout{background:var(--warnbg);border-left:4px solid var(--warn);padding:8px 12px;margin:8px 0;color:var(--warn)}
.note{color:var(--muted);font-size:12.5px}.kpis{display:flex;gap:22px;flex-wrap:wrap;margin:4px 0 8px}.kpi b{display:block;font-size:18px}
.kpi span{color:var(--muted);font-size:12px}
`;

// Runs in the page: draws every chart with the SVG renderer and attaches the value formatters
// (functions cannot travel in JSON). The counters on <html> let a test tell that drawing finished.
const BOOT = `
(function(){
  var specs = JSON.parse(document.getElementById('tt-charts').textContent);
  function usd(v){ if(v==null||isNaN(v)) return '-'; if(v===0) return '$0'; var a=Math.abs(v);
    if(a>=1) return '$'+v.toLocaleString('en-US',{minimumFractionDigits:2,maximumFractionDigits:2});
    return '$'+v.toFixed(Math.min(15,3-Math.floor(Math.log10(a)))); }
  var fmt = { usd: usd,
    count: function(v){ return v==null?'-':Number(v).toLocaleString('en-US'); },
    percent: function(v){ return v==null?'-':(v*100).toFixed(1)+'%'; },
    seconds: function(v){ return v==null?'-':Number(v).toFixed(3)+' s'; } };
  var charts = [];
  specs.forEach(function(s){
    var el = document.getElementById(s.id); if(!el) return;
    var o = s.option;
    if (s.format && fmt[s.format]) {
      var f = fmt[s.format];
      o.tooltip = Object.assign({}, o.tooltip || {}, { valueFormatter: f });
      var axes = [].concat(o.yAxis || []);
      axes.forEach(function(a){ if(a && a.type==='value' && !a.tt_keep){ a.axisLabel = Object.assign({}, a.axisLabel||{}, { formatter: f }); } });
    }
    var c = echarts.init(el, null, { renderer: 'svg' });
    c.setOption(o);
    charts.push(c);
  });
  window.addEventListener('resize', function(){ charts.forEach(function(c){ c.resize(); }); });
  document.documentElement.setAttribute('data-charts', String(charts.length));
})();
`;

/**
 * One self-contained HTML page: styles, the ECharts bundle, the charts' options and the boot
 * script are all inline, so the file opens from disk with no network.
 */
export function renderHtmlDocument(title: string, subtitle: string, sections: readonly HtmlSection[]): string {
  const charts = sections.flatMap((s) => s.charts);
  const nav = sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join('');
  const body = sections.map((s) => `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>${s.body}</section>`).join('\n');
  // The bundle is inlined as is; only a literal "</script" inside it could end the element early.
  const lib = echartsScript().replace(/<\/script/gi, '<\\/script');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p><nav>${nav}</nav></header>
<main>
${body}
</main>
<script type="application/json" id="tt-charts">${scriptJson(charts.map((c) => ({ id: c.id, option: c.option, format: c.format })))}</script>
<script>${lib}</script>
<script>${BOOT}</script>
</body></html>
`;
}
