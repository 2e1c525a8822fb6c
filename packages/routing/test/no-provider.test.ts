import { context, trace } from '@opentelemetry/api';
import { beforeAll, expect, it } from 'vitest';
import type { AuditSink } from '@tokentrail/core';
import { CapabilityRouter } from '../src/capability-router.js';
import { getRoutingContext, runInRoutingContext } from '../src/routing-context.js';
import { forge } from './fixtures.js';

beforeAll(() => {
  trace.disable();
  context.disable();
});

it('routes and audits with no tracer provider registered', async () => {
  const records: Record<string, unknown>[] = [];
  const sink: AuditSink = { write: (r) => void records.push(r) };
  const router = new CapabilityRouter({ auditSink: sink });
  router.registerManifest(forge);
  const outcome = router.recommendAgent('t-1', 'fix the bug', { forge: 40 });
  expect(outcome.selectedAgent).toBe('forge');
  expect(records).toMatchObject([{ event: 'routing_decision', task_id: 't-1', selected_agent: 'forge' }]);
  expect(getRoutingContext(outcome)).toBeDefined();
  expect(await runInRoutingContext(outcome, async () => 'ran')).toBe('ran');
});
