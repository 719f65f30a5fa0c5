/**
 * One browser's cookies for one origin: enough of RFC 6265 for statebench's targets
 * (name=value, deletion by Max-Age=0 or a past Expires). Domain and path are ignored
 * because every request goes to one origin, the balancer.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  /** The `cookie` header, built once per change of the jar, not once per request. */
  private cached: string | undefined;

  /** Takes the `set-cookie` header(s) of a response. */
  store(setCookie: string | readonly string[] | undefined): void {
    if (setCookie === undefined) return;
    for (const line of typeof setCookie === 'string' ? [setCookie] : setCookie) this.storeOne(line);
  }

  private storeOne(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((attribute) => {
      const [key = '', raw = ''] = attribute.split('=').map((part) => part.trim());
      if (key.toLowerCase() === 'max-age') return Number(raw) <= 0;
      if (key.toLowerCase() === 'expires') return Date.parse(raw) < Date.now();
      return false;
    });
    if (expired) this.cookies.delete(name);
    else this.cookies.set(name, value);
    this.cached = undefined;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** The `cookie` request header, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    this.cached ??= [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return this.cached;
  }

  clear(): void {
    this.cookies.clear();
    this.cached = undefined;
  }
}
