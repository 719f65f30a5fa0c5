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
    const semicolon = line.indexOf(';');
    const pair = semicolon < 0 ? line : line.slice(0, semicolon);
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (semicolon >= 0 && deletes(line.slice(semicolon))) {
      if (this.cookies.delete(name)) this.cached = undefined;
    } else if (this.cookies.get(name) !== value) {
      this.cookies.set(name, value);
      this.cached = undefined;
    }
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

/** Whether a cookie's attributes (`; Path=/; Max-Age=0`) delete it: Max-Age ≤ 0, or an Expires in the past. */
function deletes(attributes: string): boolean {
  const maxAge = /;\s*max-age\s*=\s*([^;]*)/i.exec(attributes);
  if (maxAge && Number(maxAge[1]!.trim()) <= 0) return true;
  const expires = /;\s*expires\s*=\s*([^;]*)/i.exec(attributes);
  return expires !== null && Date.parse(expires[1]!) < Date.now();
}
