import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SpanKind } from '@opentelemetry/api';
import { CapabilityRouter } from '../src/capability-router.js';
import { definePersonas } from '../src/personas.js';
import { configure } from '@tokentrail/core';
import { installOtel } from '../../../test-support/otel-harness.js';
import { FIXED_NOW, forge, mace, quill } from './fixtures.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const personas = definePersonas({
  smith: { name: 'Smith', capabilities: 'code,debugging', preferredKeywords: ['refactor', 'bug'], rateSats: 55, role: 'Code smith' },
  scribe: { name: 'Scribe', capabilities: ['write'], preferredKeywords: ['readme'], rateSats: 45 },
});

function team(): CapabilityRouter {
  const router = new CapabilityRouter({ auditSink: false, now: () => FIXED_NOW });
  for (const m of [forge, quill, mace]) router.registerManifest(m);
  return router;
}

describe('CapabilityRouter registry', () => {
  it('builds manifests from personas, splitting comma-separated capabilities', () => {
    const router = new CapabilityRouter({ personas, auditSink: false });
    const m = router.registerPersona('smith', 'smith-1');
    expect(m).toMatchObject({ agentId: 'smith-1', agentName: 'Smith', capabilities: ['code', 'debugging'], keywords: ['refactor', 'bug'], rateSats: 55 });
    expect(m).toMatchObject({ successRate: 0, avgCompletionTime: 0, totalTasks: 0 });
    expect(router.getManifest('smith-1')).toBe(m);
  });

  it('rejects an unknown persona, naming the known ones', () => {
    const router = new CapabilityRouter({ personas, auditSink: false });
    expect(() => router.registerPersona('wizard', 'w-1')).toThrow('Unknown persona: wizard (known personas: smith, scribe)');
    expect(() => new CapabilityRouter().registerPersona('smith', 's')).toThrow(/none registered/);
  });

  it('rejects invalid manifests and personas at registration', () => {
    expect(() => team().registerManifest({ agentId: '', agentName: 'x', capabilities: [], keywords: [], rateSats: 1 })).toThrow(
      /invalid capability manifest: agentId/,
    );
    expect(() => definePersonas({ bad: { name: 'B', capabilities: 3 as never, preferredKeywords: [], rateSats: 1 } })).toThrow(
      /invalid persona table: bad.capabilities/,
    );
  });

  it('keeps the place of a re-registered agent, as the reference router dict does', () => {
    const router = team();
    router.registerManifest({ ...forge, keywords: ['deploy'] });
    expect(router.manifests.map((m) => m.agentId)).toEqual(['forge', 'quill', 'mace']);
    expect(router.getManifest('forge')?.keywords).toEqual(['deploy']);
  });
});

describe('CapabilityRouter.recommendAgent span', () => {
  it('records task id, candidates, winner, reason and one event per candidate', () => {
    const outcome = team().recommendAgent('task-42', 'Fix the bug in the login function and write a short note', new Map([
      ['forge', 40],
      ['quill', 30],
      ['mace', 80],
    ]));
    expect(outcome.selectedAgent).toBe('forge');
    const span = otel.span('invoke_agent route capability-router');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.attributes).toMatchObject({
      'tokentrail.routing.task_id': 'task-42',
      'tokentrail.routing.candidates': ['forge', 'quill', 'mace'],
      'tokentrail.routing.selected_agent': 'forge',
      'tokentrail.routing.reason': 'Selected forge with capability_score=0.60, bid=40 sats, combined=0.63',
    });
    expect(span.attributes).not.toHaveProperty('tokentrail.routing.task_description');
    expect(span.events.map((e) => [e.name, e.attributes])).toEqual([
      // forge: 0.6 × 0.6 + 0.4 × 60/90; quill: 0.2 × 0.6 + 0.4 × 70/90; mace: 0 + 0.4 × 20/90
      ['tokentrail.routing.candidate', { 'tokentrail.routing.candidate.agent': 'forge', 'tokentrail.routing.candidate.capability_score': 0.6, 'tokentrail.routing.candidate.bid': 40, 'tokentrail.routing.candidate.combined_score': 0.6266666666666667 }],
      ['tokentrail.routing.candidate', { 'tokentrail.routing.candidate.agent': 'quill', 'tokentrail.routing.candidate.capability_score': 0.2, 'tokentrail.routing.candidate.bid': 30, 'tokentrail.routing.candidate.combined_score': 0.4311111111111111 }],
      ['tokentrail.routing.candidate', { 'tokentrail.routing.candidate.agent': 'mace', 'tokentrail.routing.candidate.capability_score': 0, 'tokentrail.routing.candidate.bid': 80, 'tokentrail.routing.candidate.combined_score': 0.08888888888888889 }],
    ]);
  });

  it('leaves the selected agent out when nobody bid', () => {
    const outcome = team().recommendAgent('task-0', 'Fix the bug', {});
    expect(outcome.selectedAgent).toBeNull();
    const span = otel.span('invoke_agent route capability-router');
    expect(span.attributes).not.toHaveProperty('tokentrail.routing.selected_agent');
    expect(span.attributes['tokentrail.routing.candidates']).toEqual([]);
    expect(span.attributes['tokentrail.routing.reason']).toBe('No bids received');
    expect(span.events).toHaveLength(0);
  });

  it('records the task description only with content capture on, after the redact hook', () => {
    configure({ captureContent: true });
    team().recommendAgent('t-a', 'Fix the bug for alice@example.com', { forge: 40 });
    expect(otel.span('invoke_agent route capability-router').attributes['tokentrail.routing.task_description']).toBe('Fix the bug for alice@example.com');

    otel.reset();
    const kinds: string[] = [];
    configure({ captureContent: true, redact: (c, kind) => (kinds.push(kind), String(c).replace(/\S+@\S+/, '<email>')) });
    team().recommendAgent('t-b', 'Fix the bug for alice@example.com', { forge: 40 });
    expect(otel.span('invoke_agent route capability-router').attributes['tokentrail.routing.task_description']).toBe('Fix the bug for <email>');
    expect(kinds).toContain('task_description');

    otel.reset();
    configure({ captureContent: true, redact: () => undefined });
    team().recommendAgent('t-c', 'secret', { forge: 40 });
    expect(otel.span('invoke_agent route capability-router').attributes).not.toHaveProperty('tokentrail.routing.task_description');
  });

  it('marks the span as an error and rethrows on invalid bids', () => {
    expect(() => team().recommendAgent('t-x', 'x', { forge: Number.POSITIVE_INFINITY })).toThrow(/finite number/);
    const span = otel.span('invoke_agent route capability-router');
    expect(span.status.code).toBe(2);
    expect(span.attributes['tokentrail.routing.task_id']).toBe('t-x');
  });

  it('uses the router name in the span name', () => {
    new CapabilityRouter({ name: 'swarm', auditSink: false }).recommendAgent('t', 'x', {});
    expect(otel.spans().map((s) => s.name)).toEqual(['invoke_agent route swarm']);
  });
});
