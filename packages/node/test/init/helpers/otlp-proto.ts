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
