// Drives one auto-instrumentation scenario in this (child) process and prints a JSON summary.
// MODE: init | twice | register | nodesdk. The modules come from `load()` (require or import).
import { callAll, wrapped } from './calls.mjs';

export async function run(load) {
  const env = process.env;
  const mode = env.MODE ?? 'init';
  const { init, LedgerSpanProcessor } = await load('@tokentrail/node');
  const { OpenAIInstrumentation } = await load('@tokentrail/openai');
  const { AnthropicInstrumentation } = await load('@tokentrail/anthropic');
  const { GoogleGenAIInstrumentation } = await load('@tokentrail/google-genai');
  const { LangChainInstrumentation } = await load('@tokentrail/langchain');
  const all = () => [new OpenAIInstrumentation(), new AnthropicInstrumentation(), new GoogleGenAIInstrumentation(), new LangChainInstrumentation()];
  const instrumentations = all();
  if (mode === 'twice') instrumentations.push(...all());
  let stop;
  if (mode === 'init' || mode === 'twice') {
    const telemetry = init({ serviceName: `auto-${mode}`, console: 'none', ledger: { path: env.LEDGER }, instrumentations });
    stop = () => telemetry.shutdown();
  } else if (mode === 'nodesdk') {
    const { NodeSDK } = await load('@opentelemetry/sdk-node');
    const sdk = new NodeSDK({ serviceName: 'auto-nodesdk', spanProcessors: [new LedgerSpanProcessor({ path: env.LEDGER })], instrumentations, traceExporter: undefined, metricReaders: [] });
    sdk.start();
    stop = () => sdk.shutdown();
  } else if (mode === 'register') {
    const { registerInstrumentations } = await load('@opentelemetry/instrumentation');
    const { BasicTracerProvider } = await load('@opentelemetry/sdk-trace-base');
    const { context, trace } = await load('@opentelemetry/api');
    const { AsyncLocalStorageContextManager } = await load('@opentelemetry/context-async-hooks');
    // A hand-built pipeline needs a context manager too: the one-billable-span fold of a
    // LangChain call over an instrumented client follows the active context across awaits.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const provider = new BasicTracerProvider({ spanProcessors: [new LedgerSpanProcessor({ path: env.LEDGER })] });
    trace.setGlobalTracerProvider(provider);
    const unregister = registerInstrumentations({ instrumentations, tracerProvider: provider });
    stop = async () => {
      unregister();
      await provider.shutdown();
    };
  }
  const OpenAI = (await load('openai')).default ?? (await load('openai')).OpenAI;
  const anthropicModule = await load('@anthropic-ai/sdk');
  const Anthropic = anthropicModule.default ?? anthropicModule.Anthropic;
  const { GoogleGenAI, Models } = await load('@google/genai');
  const { ChatOpenAI } = await load('@langchain/openai');
  const { BaseChatModel } = await load('@langchain/core/language_models/chat_models');
  // A process that has run a while: the lazily loaded price table is there, so ledger rows come in
  // call order (the first-calls path, where spans wait for the table, is tested in core).
  const { loadPriceTable } = await load('@tokentrail/core');
  await loadPriceTable();
  const patched = wrapped(OpenAI, Anthropic, Models, BaseChatModel);
  const seen = await callAll(OpenAI, Anthropic, env, undefined, GoogleGenAI, ChatOpenAI);
  for (const instrumentation of instrumentations) instrumentation.disable();
  const restored = wrapped(OpenAI, Anthropic, Models, BaseChatModel);
  // After disable: calls still work and write no rows.
  const after = await callAll(OpenAI, Anthropic, env, undefined, GoogleGenAI, ChatOpenAI);
  await stop();
  process.stdout.write(`${JSON.stringify({ patched, restored, seen, after })}\n`);
}
