import { diag } from '@opentelemetry/api';

/** What an installer returns: undo functions, run in reverse order on uninstall. */
export type Restore = () => void;

/**
 * Replaces `holder[name]` with `wrap(original)` and returns the undo. The replacement is an own,
 * non-enumerable property, so patching a client instance leaves its class alone and patching a
 * prototype covers every instance. Undo puts back exactly what was there (an own value, or
 * nothing so the prototype's shows through again).
 *
 * @example
 * ```ts
 * const restore = patchMethod(Completions.prototype, 'create', (original) => wrapped(original));
 * restore();
 * ```
 */
export function patchMethod<F extends (...args: any[]) => unknown>(holder: object, name: string, wrap: (original: F) => F): Restore {
  const target = holder as Record<string, unknown>;
  const hadOwn = Object.prototype.hasOwnProperty.call(target, name);
  const previous = target[name] as F;
  const wrapped = wrap(previous);
  Object.defineProperty(target, name, { value: wrapped, configurable: true, writable: true, enumerable: false });
  return () => {
    if (target[name] !== wrapped) diag.warn(`tokentrail: ${name} was re-wrapped by someone else; restoring the original anyway`);
    if (hadOwn) Object.defineProperty(target, name, { value: previous, configurable: true, writable: true, enumerable: false });
    else delete target[name];
  };
}

function undo(restore: Restore[], label: string): void {
  for (const fn of restore.splice(0).reverse()) {
    try {
      fn();
    } catch (err) {
      diag.error(`${label}: could not restore an original method`, err);
    }
  }
}

interface Entry<O> {
  options: O;
  owners: Set<object>;
  restore: Restore[];
}

/**
 * One registry of what an integration has patched (client instances or SDK prototypes), written
 * once for every provider package. A target is patched at most once whoever asks: a second
 * install (a second `instrumentX(client)`, a second registered Instrumentation) updates the
 * options and adds an owner instead of wrapping again, and the originals come back when the last
 * owner uninstalls. Patch failures are logged and undone; nothing throws into the application.
 *
 * @example
 * ```ts
 * const registry = new PatchRegistry<Options>('tokentrail/openai');
 * registry.install(client, client, options, (current, restore) => restore.push(patchMethod(client.chat.completions, 'create', wrap(current))));
 * registry.uninstall(client, client);
 * ```
 */
export class PatchRegistry<O> {
  private readonly entries = new WeakMap<object, Entry<O>>();

  constructor(private readonly label: string) {}

  /**
   * Patches `target` unless already patched; `patch` receives a getter of the current options
   * (so later installs can update them) and pushes one undo per change onto `restore`, so a
   * failure half-way is undone. Returns false when patching failed.
   */
  install(target: object, owner: object, options: O, patch: (options: () => O, restore: Restore[]) => void): boolean {
    const existing = this.entries.get(target);
    if (existing) {
      existing.options = options;
      existing.owners.add(owner);
      return true;
    }
    const entry: Entry<O> = { options, owners: new Set([owner]), restore: [] };
    try {
      patch(() => entry.options, entry.restore);
    } catch (err) {
      diag.error(`${this.label}: could not instrument; leaving it uninstrumented`, err);
      undo(entry.restore, this.label);
      return false;
    }
    this.entries.set(target, entry);
    return true;
  }

  /** Drops `owner`; restores the originals when no owner is left. Returns false when `owner` had not installed. */
  uninstall(target: object, owner: object): boolean {
    const entry = this.entries.get(target);
    if (!entry || !entry.owners.delete(owner)) return false;
    if (entry.owners.size > 0) return true;
    this.entries.delete(target);
    undo(entry.restore, this.label);
    return true;
  }

  /** True while `target` is patched. */
  has(target: object): boolean {
    return this.entries.has(target);
  }
}
