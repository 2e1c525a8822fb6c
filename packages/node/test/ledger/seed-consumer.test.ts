import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chatAttributes, endSpan, harness, tempDir } from './helpers.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
// CI installs Python (the e2e setup needs it too), so there a missing interpreter is a failure, not
// a skip; locally the test is skipped with a message saying why.
const requirePython = process.env.CI === 'true' || process.env.CI === '1';
if (!hasPython && !requirePython) {
  console.warn('seed-consumer.test.ts: skipped, python3 is not on PATH (set CI=true to make this a failure)');
}

// A consumer typed like the AttributionEvent schema: loads each line with `Event(**row)` and checks
// every field's runtime type, the way a strict loader (pydantic strict, a typed TSDB insert) would.
const CONSUMER = `
import json, sys
from dataclasses import dataclass, field, fields
from typing import Any, Optional

@dataclass
class Event:
    timestamp: float
    provider: str
    model: str
    role: str
    caller: str
    mesh_peer: Optional[str]
    input_tokens: int
    output_tokens: int
    cached_tokens: int = 0
    cost_usd: float = 0.0
    duration_s: float = 0.0
    cached: bool = False
    error_class: Optional[str] = None
    extra: dict = field(default_factory=dict)

want = {'timestamp': float, 'provider': str, 'model': str, 'role': str, 'caller': str,
        'mesh_peer': (str, type(None)), 'input_tokens': int, 'output_tokens': int, 'cached_tokens': int,
        'cost_usd': float, 'duration_s': float, 'cached': bool, 'error_class': (str, type(None)), 'extra': dict}
n = 0
for line in open(sys.argv[1]):
    ev = Event(**json.loads(line))
    for f in fields(ev):
        v = getattr(ev, f.name)
        ok = isinstance(v, want[f.name]) and not (want[f.name] is int and isinstance(v, bool))
        assert ok, f"{f.name}={v!r} is {type(v).__name__}"
    n += 1
print(n)
`;

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('a consumer of the AttributionEvent schema', () => {
  it.runIf(requirePython)('python3 is available (required under CI)', () => {
    expect(hasPython, 'python3 is not on PATH: CI must install it').toBe(true);
  });

  it.skipIf(!hasPython && !requirePython)('loads every row unchanged with the schema field types (Python dataclass)', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'costs.jsonl');
    const { tracer, processor } = harness({ path });
    endSpan(tracer, chatAttributes({ 'tokentrail.cost.priced': true, 'tokentrail.cost.usd': 1, 'tokentrail.mesh_peer': 'p' }));
    endSpan(tracer, chatAttributes({ 'gen_ai.request.model': 'no-such-model-xyz', 'error.type': 'Timeout' }), { error: true });
    endSpan(tracer, { 'gen_ai.operation.name': 'embeddings' });
    const span = tracer.startSpan('chat', { attributes: chatAttributes(), startTime: [10, 0] });
    span.end([12, 0]); // integral timestamp and duration
    await processor.shutdown();
    const r = spawnSync('python3', ['-c', CONSUMER, path], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('4');
  });
});
