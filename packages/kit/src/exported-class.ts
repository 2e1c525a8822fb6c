/**
 * A class exported by a client module, under its name or as the default export, whether the
 * module came through `require` (CJS exports object) or `import` (ESM namespace, possibly the
 * import-in-the-middle proxy). Undefined when there is none.
 *
 * @example
 * ```ts
 * const OpenAI = exportedClass<typeof import('openai').OpenAI>(moduleExports, 'OpenAI');
 * ```
 */
export function exportedClass<T>(moduleExports: unknown, name: string): T | undefined {
  if (moduleExports === null || (typeof moduleExports !== 'object' && typeof moduleExports !== 'function')) return undefined;
  const mod = moduleExports as Record<string, unknown>;
  const candidate = mod[name] ?? (mod.default as Record<string, unknown> | undefined)?.[name] ?? mod.default;
  return typeof candidate === 'function' ? (candidate as T) : undefined;
}
