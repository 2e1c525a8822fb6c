let last: { baseURL: string; server: { address?: string; port?: number } } | undefined;

/**
 * `server.address` / `server.port` of a client's base URL (the port defaults by scheme, as the
 * conventions ask for it whenever the address is set). The last answer is kept: it is read on
 * every call and a client's base URL rarely changes.
 *
 * @example
 * ```ts
 * serverOf('https://api.openai.com/v1'); // { address: 'api.openai.com', port: 443 }
 * ```
 */
export function serverOf(baseURL: unknown): { address?: string; port?: number } {
  if (typeof baseURL !== 'string') return {};
  if (last?.baseURL === baseURL) return last.server;
  let server: { address?: string; port?: number } = {};
  try {
    const url = new URL(baseURL);
    server = { address: url.hostname, port: url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443 };
  } catch {
    // Not a URL: no server attributes.
  }
  last = { baseURL, server };
  return server;
}
