import { afterAll, beforeEach, expect, it } from 'vitest';
import type { AuditSink } from '@tokentrail/core';
import { CapabilityRouter } from '../src/capability-router.js';
import { runInRoutingContext } from '../src/routing-context.js';
import { runInSpan } from '@tokentrail/core';
import { installOtel } from '../../../test-support/otel-harness.js';
import { forge, mace, quill } from './fixtures.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

it('1,000 concurrent decisions give 1,000 spans, 1,000 records and correctly parented agent spans', async () => {
  const records: Record<string, unknown>[] = [];
  const sink: AuditSink = { write: (r) => void records.push(r) };
  const router = new CapabilityRouter({ auditSink: sink });
  for (const m of [forge, quill, mace]) router.registerManifest(m);
  const tasks = ['fix the bug', 'write a draft', 'scan the firewall', 'nothing matches'];

  const results = await Promise.all(
    Array.from({ length: 1000 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i % 7));
      const outcome = router.recommendAgent(`task-${i}`, tasks[i % 4]!, { forge: 40 + (i % 3), quill: 45, mace: 60 });
      await new Promise((resolve) => setTimeout(resolve, i % 5));
      return runInRoutingContext(outcome, () =>
        runInSpan(
          { name: `invoke_agent ${outcome.selectedAgent}`, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': outcome.selectedAgent!, 'app.task': `task-${i}` } },
          async () => `done ${i}`,
        ),
      );
    }),
  );

  expect(results).toHaveLength(1000);
  const routingSpans = otel.spans().filter((s) => s.name.startsWith('invoke_agent route '));
  const agentSpans = otel.spans().filter((s) => s.name.startsWith('invoke_agent ') && !s.name.startsWith('invoke_agent route'));
  expect(routingSpans).toHaveLength(1000);
  expect(agentSpans).toHaveLength(1000);
  expect(records).toHaveLength(1000);
  expect(new Set(records.map((r) => r.task_id)).size).toBe(1000);

  const routingByTask = new Map(routingSpans.map((s) => [s.attributes['tokentrail.routing.task_id'], s]));
  expect(routingByTask.size).toBe(1000);
  for (const agentSpan of agentSpans) {
    const routingSpan = routingByTask.get(agentSpan.attributes['app.task'])!;
    expect(agentSpan.parentSpanContext?.spanId).toBe(routingSpan.spanContext().spanId);
    expect(agentSpan.attributes['gen_ai.agent.name']).toBe(routingSpan.attributes['tokentrail.routing.selected_agent']);
  }
  for (const record of records) {
    const span = routingByTask.get(record.task_id as string)!;
    expect(record.selected_agent).toBe(span.attributes['tokentrail.routing.selected_agent']);
  }
});
