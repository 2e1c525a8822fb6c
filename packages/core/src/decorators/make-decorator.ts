/**
 * Builds a method decorator that works in BOTH TypeScript decorator styles:
 * - TC39 standard decorators (TypeScript 5+, `experimentalDecorators` off): called as
 *   `(method, context)` with `context.kind === 'method'`, returns the replacement method;
 * - legacy `experimentalDecorators`: called as `(target, key, descriptor)`, returns the descriptor
 *   with `value` replaced.
 * `wrap` receives the original method and its name and returns the instrumented one.
 */
export function makeMethodDecorator(
  wrap: (method: (...args: any[]) => any, methodName: string) => (...args: any[]) => any,
): MethodDecorator & (<F extends (...args: any[]) => any>(method: F, context: ClassMethodDecoratorContext) => F) {
  function decorator(...args: unknown[]): unknown {
    const [first, second, third] = args;
    if (typeof first === 'function' && isStandardContext(second)) {
      if (second.kind !== 'method') throw new TypeError(`tokentrail decorators apply to methods, not ${second.kind}s`);
      return wrap(first as (...a: any[]) => any, String(second.name));
    }
    if (third && typeof third === 'object' && typeof (third as PropertyDescriptor).value === 'function') {
      const descriptor = third as PropertyDescriptor;
      descriptor.value = wrap(descriptor.value as (...a: any[]) => any, String(second));
      return descriptor;
    }
    throw new TypeError('tokentrail decorators apply to methods');
  }
  return decorator as never;
}

function isStandardContext(value: unknown): value is ClassMethodDecoratorContext | { kind: string; name: unknown } {
  return value !== null && typeof value === 'object' && typeof (value as { kind?: unknown }).kind === 'string' && 'name' in value;
}
