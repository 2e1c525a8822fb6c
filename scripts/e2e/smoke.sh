#!/usr/bin/env bash
# Smoke test of running peers (scripts/e2e/peers.sh start first): POSTs one OTLP/JSON trace
# (a workflow span and a chat child span with GenAI attributes, an event and a link) to the
# collector's HTTP port, then waits until it appears in the file exporter's traces.jsonl AND
# in Jaeger's /api/v3/traces/{id}, and checks a few attributes survived both paths.
# Exit 0 on success. Uses a fresh random trace id each run.
set -euo pipefail
E2E_LOG_TAG=smoke
# shellcheck source=scripts/e2e/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

e2e_dir="${E2E_DIR:-$e2e_repo_root/.e2e}"
[[ -f "$e2e_dir/peers.env" ]] || e2e_die "$e2e_dir/peers.env missing: run scripts/e2e/peers.sh start"
# shellcheck disable=SC1091
source "$e2e_dir/peers.env"
command -v node >/dev/null 2>&1 || e2e_die "node is required"

trace_id="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
now_ns="$(date +%s%N)"
payload="$(
  TRACE_ID="$trace_id" NOW_NS="$now_ns" node -e '
const t = process.env.TRACE_ID, end = BigInt(process.env.NOW_NS);
const s = (v) => ({ stringValue: v });
const attr = (key, value) => ({ key, value });
const span = (spanId, name, kind, startNs, attributes, extra) => ({
  traceId: t, spanId, name, kind, startTimeUnixNano: String(startNs), endTimeUnixNano: String(end),
  attributes, ...extra });
process.stdout.write(JSON.stringify({ resourceSpans: [{
  resource: { attributes: [attr("service.name", s("tokentrail-smoke"))] },
  scopeSpans: [{ scope: { name: "@tokentrail/core", version: "0.0.0" }, spans: [
    span("00f067aa0ba902b7", "invoke_workflow smoke", 1, end - 2000000000n, [
      attr("gen_ai.operation.name", s("invoke_workflow")),
      attr("tokentrail.rollup.cost_usd", { doubleValue: 0.0042 })], { status: { code: 1 } }),
    span("53995c3f42cd8ad8", "chat gpt-4o-mini", 3, end - 1500000000n, [
      attr("gen_ai.operation.name", s("chat")), attr("gen_ai.provider.name", s("openai")),
      attr("gen_ai.request.model", s("gpt-4o-mini")),
      attr("gen_ai.usage.input_tokens", { intValue: "120" }),
      attr("tokentrail.cost.usd", { doubleValue: 0.0042 }), attr("tokentrail.caller", s("smoke.test"))], {
      parentSpanId: "00f067aa0ba902b7",
      events: [{ timeUnixNano: String(end - 1000000000n), name: "smoke.event", attributes: [] }],
      links: [{ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331",
                attributes: [attr("tokentrail.link.kind", s("retry_of"))] }],
      status: { code: 2, message: "rate limited" } }),
  ] }] }] }));
'
)"

code="$(curl -sS -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
  --data "$payload" "$E2E_OTLP_HTTP_URL/v1/traces")"
[[ "$code" == 200 ]] || e2e_die "collector answered HTTP $code to POST /v1/traces"
e2e_log "posted trace $trace_id"

# Node checks: prints nothing and exits 0 when the document holds the expected spans.
# shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
check_js='
const [mode, file, t] = process.argv.slice(1);
const text = require("fs").readFileSync(file, "utf8");
const docs = mode === "jsonl"
  ? text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l))
  : [JSON.parse(text).result];
const spans = docs.flatMap((d) => (d?.resourceSpans ?? []).flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)))
  .filter((s) => s.traceId === t);
const chat = spans.find((s) => s.name === "chat gpt-4o-mini");
const get = (s, k) => s?.attributes?.find((a) => a.key === k)?.value;
const problems = [];
if (spans.length !== 2) problems.push(`expected 2 spans, got ${spans.length}`);
if (get(chat, "tokentrail.cost.usd")?.doubleValue !== 0.0042) problems.push("tokentrail.cost.usd");
if (get(chat, "gen_ai.usage.input_tokens")?.intValue !== "120") problems.push("gen_ai.usage.input_tokens");
if (chat?.parentSpanId !== "00f067aa0ba902b7") problems.push("parentSpanId");
if (chat?.status?.code !== 2) problems.push("status.code");
if (get(chat?.links?.[0], "tokentrail.link.kind")?.stringValue !== "retry_of") problems.push("link attributes");
if (chat?.events?.[0]?.name !== "smoke.event") problems.push("event");
if (problems.length) { console.log(problems.join(", ")); process.exit(1); }
'

wait_for() { # $1 label, $2 fetch command writing to $tmp, $3 mode
  local deadline=$((SECONDS + 20)) last=""
  while ((SECONDS < deadline)); do
    if "$2" && last="$(node -e "$check_js" "$3" "$tmp" "$trace_id" 2>&1)"; then
      e2e_log "ok: $1"
      return 0
    fi
    sleep 0.25
  done
  e2e_die "$1: trace $trace_id not found or incomplete after 20s${last:+ ($last)}"
}

tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
fetch_file() { [[ -f "$E2E_TRACES_FILE" ]] && cp "$E2E_TRACES_FILE" "$tmp"; }
fetch_jaeger() { curl -fsS -o "$tmp" "$E2E_JAEGER_QUERY_URL/api/v3/traces/$trace_id" 2>/dev/null; }
wait_for "file exporter ($E2E_TRACES_FILE)" fetch_file jsonl
wait_for "Jaeger ($E2E_JAEGER_QUERY_URL/api/v3/traces/$trace_id)" fetch_jaeger v3
echo "smoke ok: trace $trace_id in traces.jsonl and Jaeger"
