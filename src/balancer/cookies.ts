/**
 * Parses `Cookie` header values into name → value. The first occurrence of a name wins
 * (the browser sends the most specific cookie first); values are kept as sent, minus
 * surrounding quotes, because the balancer only compares them.
 */
export function parseCookies(header: string | readonly string[] | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (header === undefined) return cookies;
  const lines = typeof header === 'string' ? [header] : header;
  for (const line of lines) {
    for (const part of line.split(';')) {
      const eq = part.indexOf('=');
      if (eq <= 0) continue;
      const name = part.slice(0, eq).trim();
      let value = part.slice(eq + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      if (name && !Object.hasOwn(cookies, name)) cookies[name] = value;
    }
  }
  return cookies;
}
