// Child process of offline.test.ts. Every way Node has to reach the network is replaced, before
// the pricing code is loaded, by a function that records the attempt and throws; then the pricing
// runs, and when the event loop has drained (`beforeExit`: any deferred work has had its turn) the
// child prints the prices and every attempt as one JSON line.
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';

const attempts: string[] = [];
const block = (name: string) =>
  function blocked(): never {
    attempts.push(name);
    throw new Error(`network access blocked in this test: ${name}`);
  };
const patch = (target: object, label: string, keys: readonly string[]): void => {
  for (const key of keys) if (typeof (target as Record<string, unknown>)[key] === 'function') Object.defineProperty(target, key, { value: block(`${label}.${key}`), configurable: true, writable: true });
};
patch(globalThis, 'globalThis', ['fetch', 'WebSocket', 'EventSource']);
patch(http, 'http', ['request', 'get']);
patch(https, 'https', ['request', 'get']);
patch(http2, 'http2', ['connect']);
patch(net, 'net', ['connect', 'createConnection']);
patch(net.Socket.prototype, 'net.Socket', ['connect']);
patch(tls, 'tls', ['connect']);
patch(dgram, 'dgram', ['createSocket']);
patch(dns, 'dns', ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse']);
patch(dns.promises, 'dns.promises', ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse']);
// ESM named imports (`import { request } from 'node:http'`) see the patched functions too.
syncBuiltinESMExports();

const models = JSON.parse(process.argv[2] ?? '[]') as Array<[string, string]>;
if (process.env.OFFLINE_PROBE === '1') {
  // Self-check of the blockers: each of these must be recorded.
  const tryIt = (fn: () => unknown): void => {
    try {
      const r = fn();
      if (r instanceof Promise) r.catch(() => undefined);
    } catch {
      /* recorded */
    }
  };
  tryIt(() => fetch('http://127.0.0.1:9/'));
  tryIt(() => http.get('http://127.0.0.1:9/'));
  tryIt(() => net.connect(9, '127.0.0.1'));
  tryIt(() => new net.Socket().connect(9, '127.0.0.1'));
  tryIt(() => dns.lookup('example.invalid', () => undefined));
  tryIt(() => dns.promises.resolve4('example.invalid'));
}
const { loadPriceTable } = await import('../../src/cost/price-table.js');
await loadPriceTable();
const { priceUsage } = await import('../../src/cost/price-usage.js');
const prices = models.map(([provider, model]) => {
  const r = priceUsage(provider, model, { inputTokens: 1000, outputTokens: 100 });
  return { provider, model, priced: r.priced, costUsd: r.priced ? r.costUsd : null };
});
let reported = false;
process.on('beforeExit', () => {
  if (reported) return;
  reported = true;
  process.stdout.write(`${JSON.stringify({ prices, attempts })}\n`);
});
