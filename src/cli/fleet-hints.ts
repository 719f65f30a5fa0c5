/**
 * What `statebench fleet` suggests trying by hand, per scenario: requests that the
 * scenario's protocol answers (docs/protocols.md), so a first curl teaches the protocol
 * instead of answering `no route`.
 */
const HINTS: Readonly<Record<string, (url: string) => readonly string[]>> = {
  pizza: (url) => [
    `curl -i -c sb.cookies -X POST ${url}/login -d '{"user":"alice"}'`,
    `curl -b sb.cookies -X POST ${url}/cart/items -d '{"item":"margherita"}'`,
    `curl -b sb.cookies ${url}/cart`,
  ],
  atm: (url) => [
    `curl ${url}/accounts/alice`,
    `curl -X POST ${url}/accounts/alice/withdraw -d '{"amount":2500,"opId":"op-1"}'`,
  ],
  chat: (url) => [
    `TOKEN=$(curl -s -X POST ${url}/login -d '{"user":"alice"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')`,
    `curl -H "authorization: Bearer $TOKEN" ${url}/users/alice/unread`,
    `WebSocket: ${url.replace(/^http/, 'ws')}/ws?token=$TOKEN   (e.g. npx wscat -c "…")`,
  ],
};

/** Lines to print under "try:", or none for a scenario without hints. */
export function fleetHints(scenario: string, balancerUrl: string): readonly string[] {
  return HINTS[scenario]?.(balancerUrl) ?? [];
}
