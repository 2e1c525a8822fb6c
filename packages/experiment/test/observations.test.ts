import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { OBSERVATION_COLUMNS, observationRowsFromSpans, observationsFromSpans, observationsToCsv, observationsToJsonl, runStudy, runTrial } from '@tokentrail/experiment';
import { runInSpan, withAttribution } from '@tokentrail/core';
import type { ObservableSpan, ObservationRow } from '@tokentrail/experiment';
import { installOtel } from '../../../test-support/otel-harness.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

async function studyWithEverything(): Promise<void> {
  await withAttribution({ sessionId: 'sess-1', caller: 'bench.qa' }, () =>
    runStudy({
      id: 'qa',
      conditions: [{ id: 'baseline' }],
      run: async ({ span }) => {
        await runTrial('q-1', async () => {
          await runInSpan({ name: 'chat gpt-4o', attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' } }, () => 'hi');
          await runInSpan(
            { name: 'execute_tool search', attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' } },
            () => 'found, "quoted"\nline',
          );
        });
        span.addEvent('gen_ai.evaluation.result', {
          'gen_ai.evaluation.name': 'relevance',
          'gen_ai.evaluation.score.value': 0.9,
          'gen_ai.evaluation.score.label': 'pass',
        });
      },
    }),
  );
}

describe('observationsFromSpans', () => {
  it('produces one row per span plus evaluation events, with the schema levels and inherited ids', async () => {
    await studyWithEverything();
    const spans = otel.spans();
    const rows = observationRowsFromSpans(spans);
    // The SDK stamps span starts with Date.now() (millisecond resolution) and events as start +
    // a precise duration, so an event on the run span and a child span started within the same
    // millisecond have no reliable order: only the scope rows' order is asserted.
    expect(rows.slice(0, 4).map((r) => r.level)).toEqual(['study', 'run', 'trial', 'step']);
    expect(rows.slice(4).map((r) => r.level).sort()).toEqual(['evaluation', 'tool-call']);
    for (const row of rows) expect(Object.keys(row)).toEqual([...OBSERVATION_COLUMNS]);

    const runSpan = otel.span('invoke_workflow qa');
    const runId = runSpan.attributes['tokentrail.experiment.run_id'];
    const [study, run, trial, step] = rows as [ObservationRow, ObservationRow, ObservationRow, ObservationRow];
    const tool = rows.find((r) => r.level === 'tool-call')!;
    const evaluation = rows.find((r) => r.level === 'evaluation')!;
    expect(study).toMatchObject({ event_type: 'study', study_id: 'qa', run_id: null, step_id: null, text: 'study qa' });
    expect(run).toMatchObject({ event_type: 'invoke_workflow', study_id: 'qa', run_id: runId, condition_id: 'baseline', step_id: null });
    expect(trial).toMatchObject({ level: 'trial', trial_id: 'q-1', run_id: runId, step_id: null });
    expect(step).toMatchObject({ event_type: 'chat', trial_id: 'q-1', condition_id: 'baseline', step_id: otel.span('chat gpt-4o').spanContext().spanId });
    expect(tool).toMatchObject({ event_type: 'execute_tool', tool_name: 'search', trial_id: 'q-1' });
    expect(evaluation).toMatchObject({
      event_type: 'gen_ai.evaluation.result',
      text: 'relevance score=0.9 label=pass',
      step_id: runSpan.spanContext().spanId,
      run_id: runId,
    });
    expect(evaluation.evaluation_id).toMatch(/^eval-[0-9a-f]{12}$/);
    for (const row of rows) {
      expect(row.session_id).toBe('sess-1');
      expect(row.actor_id).toBe('bench.qa');
      expect(row.record_id).toMatch(/^obs-[0-9a-f]{12}$/);
      expect(row.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    }
    expect(new Set(rows.map((r) => r.record_id)).size).toBe(rows.length);
    const meta = JSON.parse(run.meta_json!) as Record<string, unknown>;
    expect(meta).toMatchObject({ status: 'unset', span_id: runSpan.spanContext().spanId, parent_span_id: otel.span('study qa').spanContext().spanId });
    expect((meta.attributes as Record<string, unknown>)['tokentrail.experiment.run_status']).toBe('success');
    // Stable identifiers: the same spans give the same rows.
    expect(observationRowsFromSpans([...spans].reverse())).toEqual(rows);
  });

  it('filters by study and skips unreadable spans', async () => {
    await studyWithEverything();
    await runStudy({ id: 'other', conditions: [{ id: 'x' }], run: () => undefined });
    const broken = { name: 'bad', spanContext: () => { throw new Error('unreadable'); } } as unknown as ObservableSpan;
    const spans: ObservableSpan[] = [...otel.spans()];
    const rows = observationsFromSpans([...spans, broken], { studyId: 'other' });
    expect(rows.map((r) => r.level)).toEqual(['study', 'run']);
    expect(rows.every((r) => r.study_id === 'other')).toBe(true);
  });

  it('works on plain span-like objects (SDK 1.x parentSpanId) and keeps meta_json strict JSON', () => {
    const make = (id: string, parent: string | undefined, attributes: Record<string, unknown>): ObservableSpan => ({
      name: `span ${id}`,
      attributes: attributes as ObservableSpan['attributes'],
      spanContext: () => ({ traceId: 't'.repeat(32), spanId: id }),
      parentSpanId: parent,
      startTime: [1_700_000_000, id === 'a' ? 0 : 123_456_789],
      endTime: [1_700_000_001, 0],
      status: { code: 2, message: 'bad' },
      events: [],
    });
    const rows = observationRowsFromSpans([
      make('b', 'a', { 'gen_ai.evaluation.name': 'tox', score: NaN }),
      make('a', undefined, { 'tokentrail.experiment.study': 'plain' }),
    ]);
    expect(rows.map((r) => [r.level, r.timestamp, r.study_id])).toEqual([
      ['study', '2023-11-14T22:13:20+00:00', 'plain'],
      ['evaluation', '2023-11-14T22:13:20.123456+00:00', 'plain'],
    ]);
    const meta = JSON.parse(rows[1]!.meta_json!) as { attributes: Record<string, unknown>; status: string; status_message: string };
    expect(meta.attributes.score).toBe('NaN');
    expect(meta).toMatchObject({ status: 'error', status_message: 'bad' });
    expect(rows[1]!.session_id).toBe('t'.repeat(32));
  });
});

describe('observation writers', () => {
  const row: ObservationRow = {
    timestamp: '2025-01-31T12:00:00+00:00',
    record_id: 'obs-1',
    text: 'says "hi", then\r\nleaves',
    session_id: 's',
    actor_id: 'a,b',
    event_type: 'chat',
    meta_json: '{"k":"v"}',
    level: 'step',
    study_id: 'st',
    run_id: null,
    condition_id: null,
    trial_id: null,
    step_id: 'x',
    tool_name: null,
    evaluation_id: null,
  };

  it('writes RFC 4180 CSV: seed header order, CRLF, minimal quoting, null as empty', () => {
    expect(observationsToCsv([row])).toBe(
      'timestamp,record_id,text,session_id,actor_id,event_type,meta_json,level,study_id,run_id,condition_id,trial_id,step_id,tool_name,evaluation_id\r\n' +
        '2025-01-31T12:00:00+00:00,obs-1,"says ""hi"", then\r\nleaves",s,"a,b",chat,"{""k"":""v""}",step,st,,,,x,,\r\n',
    );
    expect(observationsToCsv([])).toBe(`${OBSERVATION_COLUMNS.join(',')}\r\n`);
  });

  it('writes JSONL: one stable JSON object per line', () => {
    const text = observationsToJsonl([row, { ...row, record_id: 'obs-2', text: 'é' }]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[1]).toContain('"text":"\\u00e9"');
    expect(JSON.parse(lines[0]!)).toEqual(row);
    expect(lines[0]!.startsWith('{"actor_id":"a,b","condition_id":null,')).toBe(true);
  });

  it('accepts observations and serialises their meta_json on the way', () => {
    const csv = observationsToCsv([{ ...row, text: 'plain', meta_json: { b: 1, a: [1] } } as never]);
    expect(csv.split('\r\n')[1]).toContain('"{""a"":[1],""b"":1}"');
  });
});
