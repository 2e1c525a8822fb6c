import * as chatModels from '@langchain/core/language_models/chat_models';
import * as llms from '@langchain/core/language_models/llms';
import { BaseRetriever } from '@langchain/core/retrievers';
import { Document } from '@langchain/core/documents';
import { RunnableLambda } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import * as openai from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LangChainInstrumentation, TokentrailCallbackHandler } from '@tokentrail/langchain';
import { OpenAIInstrumentation } from '@tokentrail/openai';
import { ledgerRows } from '../../../test-support/ledger.js';
import { openaiRoutes } from '../../../test-support/openai-routes.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { useFakeProvider } from '../../../test-support/fake-provider-env.js';

const { otel, server } = useFakeProvider(openaiRoutes);

function model(): ChatOpenAI {
  return new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'sk-test', configuration: { baseURL: `${server.origin}/v1` }, maxRetries: 0 });
}

function byName(name: string): ReadableSpan {
  return otel.span(name);
}

function parentOf(span: ReadableSpan): ReadableSpan | undefined {
  const id = span.parentSpanContext?.spanId;
  return otel.spans().find((s) => s.spanContext().spanId === id);
}

class FixedRetriever extends BaseRetriever {
  override lc_namespace = ['tokentrail', 'test'];
  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    await new Promise((r) => setTimeout(r, 5));
    return [new Document({ pageContent: `about ${query}` })];
  }
}

describe('TokentrailCallbackHandler', () => {
  it('chain → retriever, tool and chat model: spans nested as LangChain runs them, usage from usage_metadata', async () => {
    const handler = new TokentrailCallbackHandler();
    const lookup = tool(async ({ city }: { city: string }) => `sunny in ${city}`, { name: 'weather', description: 'weather', schema: z.object({ city: z.string() }) });
    const chain = RunnableLambda.from(async (question: string) => {
      const docs = await new FixedRetriever().invoke(question);
      const weather = await lookup.invoke({ city: 'Paris' });
      const answer = await model().invoke(`${docs[0]!.pageContent} ${weather}`);
      return String(answer.content);
    }).withConfig({ runName: 'answer' });
    expect(await chain.invoke('tides', { callbacks: [handler] })).toBe('Hello there!');

    await waitFor(() => otel.spans().length >= 4);
    const root = byName('invoke_workflow answer');
    const retrieval = byName('retrieval FixedRetriever');
    const toolSpan = byName('execute_tool weather');
    const chat = byName('chat gpt-4o-mini');
    for (const child of [retrieval, toolSpan, chat]) expect(parentOf(child)).toBe(root);
    expect(root.parentSpanContext).toBeUndefined();
    expect(retrieval.attributes['gen_ai.operation.name']).toBe('retrieval');
    expect(toolSpan.attributes['gen_ai.tool.name']).toBe('weather');
    expect(chat.attributes['gen_ai.provider.name']).toBe('openai');
    expect(chat.attributes['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
    expect(chat.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(chat.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(chat.attributes['tokentrail.cost.usd']).toEqual(expect.any(Number));
    expect(root.attributes['tokentrail.rollup.cost_usd']).toBe(chat.attributes['tokentrail.cost.usd']);
    expect(ledgerRows(otel.spans())).toHaveLength(1);
  });

  it('a failing tool ends its span as an error and the chain span too', async () => {
    const handler = new TokentrailCallbackHandler();
    const broken = tool(async () => {
      throw new Error('boom');
    }, { name: 'broken', description: 'fails', schema: z.object({}) });
    const chain = RunnableLambda.from(async () => broken.invoke({})).withConfig({ runName: 'failing' });
    await expect(chain.invoke('x', { callbacks: [handler] })).rejects.toThrow('boom');
    await waitFor(() => otel.spans().length >= 2);
    expect(byName('execute_tool broken').status.code).toBe(SpanStatusCode.ERROR);
    expect(byName('invoke_workflow failing').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('LangGraph: a two-node graph → workflow span with one agent span per node, the model call under its node', async () => {
    const handler = new TokentrailCallbackHandler();
    const State = Annotation.Root({ question: Annotation<string>(), answer: Annotation<string>(), checked: Annotation<boolean>() });
    const graph = new StateGraph(State)
      .addNode('answerer', async (s: typeof State.State) => ({ answer: String((await model().invoke(s.question)).content) }))
      .addNode('checker', async (s: typeof State.State) => {
        await new Promise((r) => setTimeout(r, 5));
        return { checked: s.answer.length > 0 };
      })
      .addEdge(START, 'answerer')
      .addEdge('answerer', 'checker')
      .addEdge('checker', END)
      .compile();
    const out = await graph.invoke({ question: 'hi' }, { callbacks: [handler], runName: 'qa-graph' });
    expect(out).toMatchObject({ answer: 'Hello there!', checked: true });
    await waitFor(() => otel.spans().some((s) => s.name === 'invoke_workflow qa-graph'));
    const root = byName('invoke_workflow qa-graph');
    const answerer = byName('invoke_agent answerer');
    const checker = byName('invoke_agent checker');
    expect(parentOf(answerer)).toBe(root);
    expect(parentOf(checker)).toBe(root);
    expect(parentOf(byName('chat gpt-4o-mini'))).toBe(answerer);
    expect(answerer.attributes['gen_ai.agent.name']).toBe('answerer');
    expect(ledgerRows(otel.spans())).toHaveLength(1);
  });
});

describe('LangChainInstrumentation with an instrumented provider client', () => {
  it('one billable span per model call, under its LangChain run; disable restores', async () => {
    const lc = new LangChainInstrumentation({ enabled: false });
    const oa = new OpenAIInstrumentation({ enabled: false });
    const original = chatModels.BaseChatModel.prototype._generateUncached;
    lc.manuallyInstrument(chatModels, llms);
    oa.manuallyInstrument(openai);
    try {
      const handler = new TokentrailCallbackHandler();
      const chain = RunnableLambda.from(async (q: string) => String((await model().invoke(q)).content)).withConfig({ runName: 'wrapped' });
      expect(await chain.invoke('hi', { callbacks: [handler] })).toBe('Hello there!');
      await waitFor(() => otel.spans().length >= 2);
      const chats = otel.spans().filter((s) => s.name === 'chat gpt-4o-mini');
      expect(chats).toHaveLength(1);
      expect(parentOf(chats[0]!)).toBe(byName('invoke_workflow wrapped'));
      expect(chats[0]!.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
      expect(ledgerRows(otel.spans())).toHaveLength(1);

      // Without the handler too: the instrumentation alone still gives one span per call.
      otel.reset();
      await model().invoke('again');
      expect(otel.spans().filter((s) => s.name === 'chat gpt-4o-mini')).toHaveLength(1);
      expect(ledgerRows(otel.spans())).toHaveLength(1);
    } finally {
      lc.disable();
      oa.disable();
    }
    expect(chatModels.BaseChatModel.prototype._generateUncached).toBe(original);
  });
});
