// A minimal protobuf wire-format reader for OTLP request bodies in tests: enough to prove that a
// body is protobuf (not JSON) and to read span names and resource attribute strings back.

type Field = { no: number; wire: number; value: bigint | Buffer };

function varint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

/** The top-level fields of one protobuf message; throws on anything that is not valid wire format. */
export function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, p1] = varint(buf, pos);
    const no = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (no === 0) throw new Error('field number 0');
    pos = p1;
    if (wire === 0) {
      const [v, p2] = varint(buf, pos);
      out.push({ no, wire, value: v });
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = varint(buf, pos);
      const end = p2 + Number(len);
      if (end > buf.length) throw new Error('truncated field');
      out.push({ no, wire, value: buf.subarray(p2, end) });
      pos = end;
    } else if (wire === 1) {
      out.push({ no, wire, value: buf.subarray(pos, pos + 8) });
      pos += 8;
    } else if (wire === 5) {
      out.push({ no, wire, value: buf.subarray(pos, pos + 4) });
      pos += 4;
    } else {
      throw new Error(`wire type ${wire}`);
    }
  }
  return out;
}

const sub = (f: Field[], no: number): Buffer[] => f.filter((x) => x.no === no && x.wire === 2).map((x) => x.value as Buffer);

/** One span of an ExportTraceServiceRequest: its name and its resource's string attributes. */
export interface ProtoSpan {
  name: string;
  resource: Record<string, string>;
}

/** The spans of a protobuf ExportTraceServiceRequest body. */
export function protoSpans(body: Buffer): ProtoSpan[] {
  const spans: ProtoSpan[] = [];
  for (const rs of sub(fields(body), 1)) {
    const rsFields = fields(rs);
    const resource: Record<string, string> = {};
    for (const res of sub(rsFields, 1)) {
      for (const kv of sub(fields(res), 1)) {
        const kvFields = fields(kv);
        const key = sub(kvFields, 1)[0]?.toString('utf8') ?? '';
        const anyValue = sub(kvFields, 2)[0];
        const str = anyValue === undefined ? undefined : sub(fields(anyValue), 1)[0];
        if (str !== undefined) resource[key] = str.toString('utf8');
      }
    }
    for (const ss of sub(rsFields, 2)) {
      for (const span of sub(fields(ss), 2)) spans.push({ name: sub(fields(span), 5)[0]?.toString('utf8') ?? '', resource });
    }
  }
  return spans;
}

/** An AnyValue's scalar (string, bool, int, double); undefined for arrays, maps and bytes. */
function anyScalar(buf: Buffer): string | number | boolean | undefined {
  const f = fields(buf)[0];
  if (f === undefined) return undefined;
  if (f.no === 1) return (f.value as Buffer).toString('utf8');
  if (f.no === 2) return (f.value as bigint) !== 0n;
  if (f.no === 3) return Number(BigInt.asIntN(64, f.value as bigint));
  if (f.no === 4) return (f.value as Buffer).readDoubleLE(0);
  return undefined;
}

/** One log record of an ExportLogsServiceRequest, as far as the cost-log tests read it. */
export interface ProtoLogRecord {
  eventName: string;
  traceId: string;
  spanId: string;
  body: string | number | boolean | undefined;
  /** Scalar attributes only (the `extra` map is left out). */
  attributes: Record<string, string | number | boolean>;
  resource: Record<string, string>;
}

/** The log records of a protobuf ExportLogsServiceRequest body. */
export function protoLogRecords(body: Buffer): ProtoLogRecord[] {
  const out: ProtoLogRecord[] = [];
  for (const rl of sub(fields(body), 1)) {
    const rlFields = fields(rl);
    const resource: Record<string, string> = {};
    for (const res of sub(rlFields, 1)) {
      for (const kv of sub(fields(res), 1)) {
        const v = anyScalar(sub(fields(kv), 2)[0] ?? Buffer.alloc(0));
        if (typeof v === 'string') resource[sub(fields(kv), 1)[0]?.toString('utf8') ?? ''] = v;
      }
    }
    for (const sl of sub(rlFields, 2)) {
      for (const rec of sub(fields(sl), 2)) {
        const f = fields(rec);
        const attributes: Record<string, string | number | boolean> = {};
        for (const kv of sub(f, 6)) {
          const kvf = fields(kv);
          const v = anyScalar(sub(kvf, 2)[0] ?? Buffer.alloc(0));
          if (v !== undefined) attributes[sub(kvf, 1)[0]?.toString('utf8') ?? ''] = v;
        }
        const bodyValue = sub(f, 5)[0];
        out.push({
          eventName: sub(f, 12)[0]?.toString('utf8') ?? '',
          traceId: sub(f, 9)[0]?.toString('hex') ?? '',
          spanId: sub(f, 10)[0]?.toString('hex') ?? '',
          body: bodyValue === undefined ? undefined : anyScalar(bodyValue),
          attributes,
          resource,
        });
      }
    }
  }
  return out;
}
