/**
 * HTML escaping. Every text that comes from a report (labels, notes, server ids, design
 * names) goes through `escapeHtml` before it reaches the page, so a report cannot inject
 * markup or script into its own view.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `text` safe inside an HTML element or a quoted attribute: `<b>` → `&lt;b&gt;`. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}
