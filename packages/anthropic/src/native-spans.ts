import type { AnthropicClientFields } from './instrumented-create.js';

/**
 * Switches the SDK's own spans off and back on per client. @anthropic-ai/sdk 1.x starts a `chat`
 * span with usage of its own whenever a tracer is set on the client (`_tracer`); next to
 * tokentrail's span that is two billable spans for one call. Hidden clients are held weakly so a
 * prototype patch that meets many clients keeps none of them alive, and all come back on restore.
 */
export class NativeSpans {
  private readonly saved = new WeakMap<object, unknown>();
  private readonly hidden = new Set<WeakRef<object>>();

  /** Applies `keep` (the `nativeSpans` option) to this client. */
  apply(client: AnthropicClientFields, keep: boolean): void {
    if (!('_tracer' in client)) return;
    const isHidden = this.saved.has(client);
    if (!keep && !isHidden && client._tracer !== undefined) {
      this.saved.set(client, client._tracer);
      if (this.hidden.size >= 1024) this.prune();
      this.hidden.add(new WeakRef(client));
      client._tracer = undefined;
    } else if (keep && isHidden) {
      this.show(client);
    }
  }

  /** Gives every hidden client its tracer back. */
  restoreAll(): void {
    for (const ref of this.hidden) {
      const client = ref.deref();
      if (client) this.show(client as AnthropicClientFields);
    }
    this.hidden.clear();
  }

  private prune(): void {
    for (const ref of this.hidden) if (ref.deref() === undefined) this.hidden.delete(ref);
  }

  private show(client: AnthropicClientFields): void {
    client._tracer = this.saved.get(client);
    this.saved.delete(client);
  }
}
