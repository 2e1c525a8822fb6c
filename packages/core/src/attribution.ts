import { context, createContextKey } from '@opentelemetry/api';
import type { Attributes, AttributeValue, Context } from '@opentelemetry/api';
import { reportInvalidInput } from '@tokentrail/kit';
import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_SESSION_ID,
  ATTR_TOKENTRAIL_CALLER,
  ATTR_TOKENTRAIL_MESH_PEER,
  ATTR_TOKENTRAIL_ROLE,
  ATTR_USER_ID,
} from './semconv.js';

/** Who a call is made for: stamped on every span started inside the scope and on every ledger row. */
export interface Attribution {
  /** Caller role label, e.g. `orchestrator`, `council`. */
  role?: string;
  /** Dotted-slug caller name, e.g. `billing.summarise`. */
  caller?: string;
  /** Peer scope for attribution joins. */
  meshPeer?: string;
  /** End user (`user.id`). */
  userId?: string;
  /** Session (`session.id`). */
  sessionId?: string;
  /** Conversation (`gen_ai.conversation.id`). */
  conversationId?: string;
  /** Any further attributes to stamp. */
  attributes?: Attributes;
}

/** A resolved scope: the merged fields plus the attributes to stamp, computed once per scope. */
export interface AttributionScope {
  readonly fields: Readonly<Attribution>;
  readonly attributes: Readonly<Attributes>;
}

const ATTRIBUTION_KEY = createContextKey('tokentrail.attribution');

function toAttributes(a: Attribution): Attributes {
  const out: Attributes = { ...(a.attributes ?? {}) };
  const put = (key: string, value: AttributeValue | undefined): void => {
    if (value !== undefined && value !== '') out[key] = value;
  };
  put(ATTR_TOKENTRAIL_ROLE, a.role);
  put(ATTR_TOKENTRAIL_CALLER, a.caller);
  put(ATTR_TOKENTRAIL_MESH_PEER, a.meshPeer);
  put(ATTR_USER_ID, a.userId);
  put(ATTR_SESSION_ID, a.sessionId);
  put(ATTR_GEN_AI_CONVERSATION_ID, a.conversationId);
  return out;
}

function clean(a: Attribution): Attribution {
  const out: Attribution = {};
  for (const [k, v] of Object.entries(a) as [keyof Attribution, unknown][]) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/**
 * Returns a context carrying `attribution` merged over the scope already in `ctx` (inner wins).
 *
 * @example
 * ```ts
 * const ctx = setAttribution(context.active(), { caller: 'search.rank' });
 * context.with(ctx, () => rank());
 * ```
 */
export function setAttribution(ctx: Context, attribution: Attribution): Context {
  try {
    return withScope(ctx, attribution);
  } catch (err) {
    // A null scope, a throwing getter or a Proxy: the context stays as it was.
    reportInvalidInput('setAttribution/withAttribution', err);
    return ctx;
  }
}

function withScope(ctx: Context, attribution: Attribution): Context {
  const outer = ctx.getValue(ATTRIBUTION_KEY) as AttributionScope | undefined;
  const inner = clean(attribution);
  const fields: Attribution = outer ? { ...outer.fields, ...inner } : inner;
  if (outer?.fields.attributes && inner.attributes) {
    fields.attributes = { ...outer.fields.attributes, ...inner.attributes };
  }
  const scope: AttributionScope = { fields: Object.freeze(fields), attributes: Object.freeze(toAttributes(fields)) };
  return ctx.setValue(ATTRIBUTION_KEY, scope);
}

/**
 * Runs `fn` inside an attribution scope. Scopes nest (inner values win) and follow the async
 * context across `await`, timers, `Promise.all` and stream iteration.
 *
 * @example
 * ```ts
 * await withAttribution({ role: 'council', caller: 'review.summarise', userId: 'u-42' }, async () => {
 *   await summarise(doc); // every span and ledger row inside carries the attribution
 * });
 * ```
 */
export function withAttribution<T>(attribution: Attribution, fn: () => T): T {
  return context.with(setAttribution(context.active(), attribution), fn);
}

/**
 * The attribution scope of a context (default: the active one), if any.
 *
 * @example
 * ```ts
 * const caller = getAttribution()?.fields.caller;
 * ```
 */
export function getAttribution(ctx: Context = context.active()): AttributionScope | undefined {
  return ctx.getValue(ATTRIBUTION_KEY) as AttributionScope | undefined;
}
