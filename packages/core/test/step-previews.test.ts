import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { configure } from '../src/config.js';
import type { ContentKind } from '../src/config.js';
import { workflow } from '../src/decorators/decorators.js';
import { traceAgent, traceWorkflow } from '../src/steps/trace-step.js';
import { installOtel } from '../../../test-support/otel-harness.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const messages = (span: string, key: string): unknown => {
  const raw = otel.span(span).attributes[key];
  return raw === undefined ? undefined : JSON.parse(String(raw));
};

describe('workflow and agent spans carry what they were asked and answered (trace previews)', () => {
  it('records input and output as GenAI messages with content capture on', async () => {
    configure({ captureContent: true });
    await traceWorkflow({ name: 'qa', input: 'What is the capital of France?' }, async () => 'Paris');
    expect(messages('invoke_workflow qa', 'gen_ai.input.messages')).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'What is the capital of France?' }] }]);
    expect(messages('invoke_workflow qa', 'gen_ai.output.messages')).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Paris' }], finish_reason: 'stop' }]);
  });

  it('keeps chat-shaped input as messages, JSON-encodes other inputs and picks the output with `output`', async () => {
    configure({ captureContent: true });
    await traceAgent({ name: 'a', input: [{ role: 'system', content: 'terse' }, { role: 'user', content: 'hi' }], output: (r: { text: string }) => r.text }, async () => ({ text: 'hello', tokens: 3 }));
    expect(messages('invoke_agent a', 'gen_ai.input.messages')).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'terse' }] },
      { role: 'user', parts: [{ type: 'text', content: 'hi' }] },
    ]);
    expect(messages('invoke_agent a', 'gen_ai.output.messages')).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'hello' }], finish_reason: 'stop' }]);
    await traceWorkflow({ name: 'w', input: { ticket: 42 } }, async () => ({ status: 'closed' }));
    expect(messages('invoke_workflow w', 'gen_ai.input.messages')).toEqual([{ role: 'user', parts: [{ type: 'text', content: '{"ticket":42}' }] }]);
    expect(messages('invoke_workflow w', 'gen_ai.output.messages')).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: '{"status":"closed"}' }], finish_reason: 'stop' }]);
  });

  it('records nothing with content capture off, or when recordOutput is false', async () => {
    configure({ captureContent: false });
    await traceWorkflow({ name: 'off', input: 'secret' }, async () => 'answer');
    expect(otel.span('invoke_workflow off').attributes['gen_ai.input.messages']).toBeUndefined();
    expect(otel.span('invoke_workflow off').attributes['gen_ai.output.messages']).toBeUndefined();
    configure({ captureContent: true });
    await traceWorkflow({ name: 'no-output', input: 'q', recordOutput: false }, async () => 'answer');
    expect(otel.span('invoke_workflow no-output').attributes['gen_ai.output.messages']).toBeUndefined();
  });

  it('runs the redaction hook on the messages, with the workflow content kinds', async () => {
    const seen: ContentKind[] = [];
    configure({
      captureContent: true,
      redact: (content, kind) => {
        seen.push(kind);
        return JSON.parse(JSON.stringify(content).replace(/alice@example\.com/g, '<email>'));
      },
    });
    await traceWorkflow({ name: 'r', input: 'mail alice@example.com' }, async () => 'sent to alice@example.com');
    expect(seen).toEqual(['workflow_input', 'workflow_output']);
    expect(String(otel.span('invoke_workflow r').attributes['gen_ai.input.messages'])).not.toContain('alice');
    expect(String(otel.span('invoke_workflow r').attributes['gen_ai.output.messages'])).not.toContain('alice');
  });

  it('a decorated workflow records its arguments as the input', async () => {
    configure({ captureContent: true });
    class Pipeline {
      @workflow('digest')
      async run(topic: string): Promise<string> {
        return `digest of ${topic}`;
      }
    }
    await new Pipeline().run('otel');
    expect(messages('invoke_workflow digest', 'gen_ai.input.messages')).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'otel' }] }]);
  });
});
