import { diag } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import { ATTR_TOKENTRAIL_EXPERIMENT_CONDITION, ATTR_TOKENTRAIL_EXPERIMENT_METRIC_PREFIX, ATTR_TOKENTRAIL_EXPERIMENT_REPLICATE, ATTR_TOKENTRAIL_EXPERIMENT_RUN_ID, ATTR_TOKENTRAIL_EXPERIMENT_RUN_STATUS, ATTR_TOKENTRAIL_EXPERIMENT_SEED, ATTR_TOKENTRAIL_EXPERIMENT_STUDY } from './experiment-semconv.js';
import { ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_WORKFLOW_NAME, GEN_AI_OPERATION } from '@tokentrail/core/semconv';
import { runInSpan } from '@tokentrail/core';
import { RunStatus } from './status.js';
import type { RunFunction, RunMetrics, RunRecord, StudyCondition } from './study-types.js';

/** Scalar entries of a result's `metrics` record; anything unusual is ignored, never thrown. */
function metricsOf(value: unknown): RunMetrics | undefined {
  try {
    if (value === null || typeof value !== 'object') return undefined;
    const metrics = (value as { metrics?: unknown }).metrics;
    if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) return undefined;
    const out: RunMetrics = {};
    for (const [name, item] of Object.entries(metrics)) {
      if (typeof item === 'number' || typeof item === 'string' || typeof item === 'boolean') out[name] = item;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  } catch (err) {
    diag.warn('tokentrail: could not read the metrics of a run result', err);
    return undefined;
  }
}

/** The error of a run that passed `runTimeoutMs`. */
export class RunTimeoutError extends Error {
  override readonly name = 'RunTimeoutError';
}

/** Runs `work`, failing it (and aborting its signal) once `ms` have passed; no limit without `ms`. */
async function withRunTimeout<R>(work: () => R | PromiseLike<R>, ms: number | undefined, controller: AbortController): Promise<R> {
  if (ms === undefined) return work();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new RunTimeoutError(`run timed out after ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([Promise.resolve().then(work), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return 'unprintable error';
  }
}

/**
 * Runs one planned run inside its `invoke_workflow {studyId}` span, under the study's context, and
 * fills in its record. Resolves true on success, false on failure; never rejects.
 */
export async function executeRun<C extends StudyCondition, R>(
  record: RunRecord<C, R>,
  run: RunFunction<C, R>,
  studyContext: Context,
  setStatus: (record: RunRecord<C, R>, status: RunRecord['status']) => void,
  runTimeoutMs?: number,
): Promise<boolean> {
  const controller = new AbortController();
  record.startedAt = new Date().toISOString();
  setStatus(record, RunStatus.RUNNING);
  const started = performance.now();
  let ok: boolean;
  try {
    const value = await runInSpan(
      {
        name: `invoke_workflow ${record.studyId}`,
        context: studyContext,
        collectRollup: true,
        // A run that returns a stream has still finished its work; do not hold the span open.
        followStreams: false,
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_WORKFLOW,
          [ATTR_GEN_AI_WORKFLOW_NAME]: record.studyId,
          [ATTR_TOKENTRAIL_EXPERIMENT_STUDY]: record.studyId,
          [ATTR_TOKENTRAIL_EXPERIMENT_CONDITION]: record.conditionId,
          [ATTR_TOKENTRAIL_EXPERIMENT_REPLICATE]: record.replicate,
          [ATTR_TOKENTRAIL_EXPERIMENT_SEED]: record.seed,
          [ATTR_TOKENTRAIL_EXPERIMENT_RUN_ID]: record.runId,
          [ATTR_TOKENTRAIL_EXPERIMENT_RUN_STATUS]: RunStatus.RUNNING,
        },
        onEnd(span, outcome) {
          span.setAttribute(ATTR_TOKENTRAIL_EXPERIMENT_RUN_STATUS, outcome.kind === 'ok' ? RunStatus.SUCCESS : RunStatus.FAILED);
        },
      },
      async (span: Span) => {
        try {
          const { traceId, spanId } = span.spanContext();
          if (span.isRecording()) Object.assign(record, { traceId, spanId });
        } catch (err) {
          diag.debug('tokentrail: could not read a run span context', err);
        }
        const result = await withRunTimeout(
          () =>
            run({
              studyId: record.studyId,
              conditionId: record.conditionId,
              condition: record.condition,
              replicate: record.replicate,
              seed: record.seed,
              runId: record.runId,
              span,
              signal: controller.signal,
            }),
          runTimeoutMs,
          controller,
        );
        const metrics = metricsOf(result);
        if (metrics) {
          record.metrics = metrics;
          try {
            for (const [name, item] of Object.entries(metrics)) span.setAttribute(`${ATTR_TOKENTRAIL_EXPERIMENT_METRIC_PREFIX}${name}`, item);
          } catch (err) {
            diag.warn('tokentrail: could not record run metrics on the span', err);
          }
        }
        return result;
      },
    );
    record.result = value;
    ok = true;
  } catch (err) {
    record.error = describeError(err);
    ok = false;
  }
  record.durationMs = performance.now() - started;
  record.endedAt = new Date().toISOString();
  setStatus(record, ok ? RunStatus.SUCCESS : RunStatus.FAILED);
  return ok;
}
