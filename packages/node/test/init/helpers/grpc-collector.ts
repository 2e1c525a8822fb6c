import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';

/** The OTLP/gRPC Export methods. */
export const TRACE_METHOD = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
export const METRICS_METHOD = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';
export const LOGS_METHOD = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';

/** One gRPC call as the collector received it: the raw protobuf request and the metadata. */
export interface GrpcCall {
  method: string;
  body: Buffer;
  metadata: Record<string, unknown>;
}

/** A local OTLP/gRPC server. */
export interface GrpcCollector {
  url: string;
  calls: GrpcCall[];
  close(): Promise<void>;
}

/** A local OTLP/gRPC server on 127.0.0.1 (OS-chosen port) that keeps every raw request (no OTLP decoding in between). */
export async function startGrpcCollector(): Promise<GrpcCollector> {
  const server = new Server();
  const calls: GrpcCall[] = [];
  const raw = (b: Buffer): Buffer => b;
  for (const method of [TRACE_METHOD, METRICS_METHOD, LOGS_METHOD]) {
    server.register(
      method,
      (call: ServerUnaryCall<Buffer, Buffer>, done: sendUnaryData<Buffer>) => {
        calls.push({ method, body: call.request, metadata: call.metadata.getMap() });
        done(null, Buffer.alloc(0)); // an empty Export*ServiceResponse
      },
      raw,
      raw,
      'unary',
    );
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}
