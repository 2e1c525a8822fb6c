import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { CapabilityRouter } from '../src/capability-router.js';
import { getRoutingContext, getRoutingSpanContext, routingLink, runInRoutingContext } from '../src/routing-context.js';
import { traceRouting } from '../src/trace-routing.js';
import type { RoutingInfo } from '../src/routing-info.js';
import { runInSpan } from '@tokentrail/core';
import { installOtel } from '../../../test-support/otel-harness.js';
import { forge, quill } from './fixtures.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

function invokeAgent<T>(agent: string, work: () => T, links?: Parameters<typeof runInSpan>[0]['links'], ctx?: typeof ROOT_CONTEXT): T {
  return runInSpan(
    {
      name: `invoke_agent ${agent}`,
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent },
      links,
      context: ctx,
    },
    work,
  );
}

function router(): CapabilityRouter {
  const r = new CapabilityRouter({ auditSink: false });
  r.registerManifest(forge);
  r.registerManifest(quill);
  return r;
}

describe('the chosen agent and the routing span', () => {
  it('makes the invoke_agent span a child of the routing span, under the caller', async () => {
    await invokeAgent('orchestrator', async () => {
      const outcome = router().recommendAgent('t-1', 'fix the bug', { forge: 40, quill: 30 });
      await runInRoutingContext(outcome, () => invokeAgent(outcome.selectedAgent!, async () => 'patched'));
    });
    const routingSpan = otel.span('invoke_agent route capability-router');
    const agentSpan = otel.span('invoke_agent forge');
    const outer = otel.span('invoke_agent orchestrator');
    expect(agentSpan.parentSpanContext?.spanId).toBe(routingSpan.spanContext().spanId);
    expect(agentSpan.spanContext().traceId).toBe(routingSpan.spanContext().traceId);
    expect(routingSpan.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(agentSpan.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'forge' });
  });

  it('links to the routing span when the agent runs elsewhere (another trace)', () => {
    const outcome = router().recommendAgent('t-2', 'fix the bug', { forge: 40 });
    const link = routingLink(outcome, { 'tokentrail.routing.task_id': 't-2' });
    expect(link).toBeDefined();
    invokeAgent('forge', () => 'done', [link!], ROOT_CONTEXT);
    const routingSpan = otel.span('invoke_agent route capability-router');
    const agentSpan = otel.span('invoke_agent forge');
    expect(agentSpan.parentSpanContext).toBeUndefined();
    expect(agentSpan.spanContext().traceId).not.toBe(routingSpan.spanContext().traceId);
    expect(agentSpan.links).toHaveLength(1);
    expect(agentSpan.links[0]!.context.spanId).toBe(routingSpan.spanContext().spanId);
    expect(agentSpan.links[0]!.attributes).toEqual({ 'tokentrail.routing.task_id': 't-2' });
  });

  it('links from a span context carried across a process boundary', () => {
    const outcome = router().recommendAgent('t-3', 'fix the bug', { forge: 40 });
    const wire = JSON.parse(JSON.stringify(getRoutingSpanContext(outcome))) as unknown;
    invokeAgent('forge', () => 'done', [routingLink(wire)!], ROOT_CONTEXT);
    expect(otel.span('invoke_agent forge').links[0]!.context.spanId).toBe(otel.span('invoke_agent route capability-router').spanContext().spanId);
  });

  it('has no routing context for results that are not objects', () => {
    const pick = traceRouting((agents: string[]) => agents[0]!, { taskId: () => 't', extract: (a) => ({ candidates: [a], selectedAgent: a }) });
    const chosen = pick(['solo']);
    expect(getRoutingContext(chosen)).toBeUndefined();
    expect(routingLink(chosen)).toBeUndefined();
    expect(runInRoutingContext(chosen, () => context.active())).toBe(context.active());
    expect(otel.span('invoke_agent route').attributes['tokentrail.routing.selected_agent']).toBe('solo');
  });
});

describe('traceRouting on any router', () => {
  it('records an async router through a custom extractor', async () => {
    const llmRouter = async (_task: { id: string; text: string }) => ({
      ranked: [
        { id: 'planner', score: 0.9 },
        { id: 'coder', score: 0.4 },
      ],
      why: 'planner ranked first',
    });
    const route = traceRouting(llmRouter, {
      name: 'llm-triage',
      taskId: (task) => task.id,
      extract: (d): RoutingInfo => ({
        candidates: d.ranked.map((r) => ({ agent: r.id, combinedScore: r.score })),
        selectedAgent: d.ranked[0]!.id,
        reason: d.why,
      }),
    });
    const decision = await route({ id: 'q-9', text: 'plan a trip' });
    expect(decision.why).toBe('planner ranked first');
    const span = otel.span('invoke_agent route llm-triage');
    expect(span.attributes).toMatchObject({
      'tokentrail.routing.task_id': 'q-9',
      'tokentrail.routing.candidates': ['planner', 'coder'],
      'tokentrail.routing.selected_agent': 'planner',
      'tokentrail.routing.reason': 'planner ranked first',
    });
    expect(span.events.map((e) => e.attributes)).toEqual([
      { 'tokentrail.routing.candidate.agent': 'planner', 'tokentrail.routing.candidate.combined_score': 0.9 },
      { 'tokentrail.routing.candidate.agent': 'coder', 'tokentrail.routing.candidate.combined_score': 0.4 },
    ]);
    expect(getRoutingContext(decision)).toBeDefined();
  });

  it('reads reference-router-style [selected, decision] results without an extractor', () => {
    const seedStyle = traceRouting(() => [
      'b',
      { task_id: 's-1', task_description: 'd', candidate_agents: ['a', 'b'], selected_agent: 'b', selection_reason: 'cheaper', capability_scores: { a: 0.5, b: 0.5 }, bids_received: { a: 50, b: 20 } },
    ]);
    seedStyle();
    const span = otel.span('invoke_agent route');
    expect(span.attributes).toMatchObject({ 'tokentrail.routing.task_id': 's-1', 'tokentrail.routing.selected_agent': 'b' });
    expect(span.events[1]!.attributes).toEqual({ 'tokentrail.routing.candidate.agent': 'b', 'tokentrail.routing.candidate.capability_score': 0.5, 'tokentrail.routing.candidate.bid': 20 });
  });

  it('keeps `this`, returns the result unchanged, and passes errors through', async () => {
    class Dispatcher {
      prefix = 'agent-';
      decide = traceRouting(function (this: Dispatcher, n: number): RoutingInfo {
        if (n < 0) throw new RangeError('negative');
        return { taskId: `n${n}`, candidates: [`${this.prefix}${n}`], selectedAgent: `${this.prefix}${n}` };
      });
    }
    const d = new Dispatcher();
    expect(d.decide(1).selectedAgent).toBe('agent-1');
    const failing = traceRouting(async () => Promise.reject(new TypeError('router down')));
    await expect(failing()).rejects.toThrow('router down');
    expect(() => d.decide(-1)).toThrow(RangeError);
    const spans = otel.spans();
    expect(spans.filter((s) => s.status.code === 2).map((s) => s.attributes['error.type'])).toEqual(['TypeError', 'RangeError']);
  });

  it('survives an extractor that throws (telemetry never breaks the router)', () => {
    const route = traceRouting(() => ({ pick: 'a' }), { extract: () => { throw new Error('bad extractor'); } });
    expect(route()).toEqual({ pick: 'a' });
    expect(otel.span('invoke_agent route').status.code).toBe(0);
  });
});

describe('routing spans as backends that type GenAI spans read them', () => {
  it('are internal invoke_agent spans with gen_ai.agent.name, sync and async, keeping the routing attributes', async () => {
    router().recommendAgent('t-9', 'fix the bug', { forge: 40, quill: 30 });
    const route = traceRouting(async (task: string) => ({ candidates: ['forge', 'quill'], selectedAgent: 'forge', reason: `for ${task}` }), { name: 'llm-router', taskId: () => 't-10' });
    await route('a bug');
    for (const [name, agent] of [['invoke_agent route capability-router', 'route capability-router'], ['invoke_agent route llm-router', 'route llm-router']] as const) {
      const span = otel.span(name);
      expect(span.kind).toBe(0);
      expect(span.attributes['gen_ai.operation.name']).toBe('invoke_agent');
      expect(span.attributes['gen_ai.agent.name']).toBe(agent);
      expect(span.attributes['tokentrail.routing.selected_agent']).toBe('forge');
    }
  });
});
