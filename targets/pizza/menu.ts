/**
 * The pizza menu, shared by both reference servers and by the driver, so that the
 * driver's model of a cart prices it exactly as the servers do.
 */

/** Item name → price in cents. */
export const MENU = Object.freeze({
  capricciosa: 1250,
  diavola: 1150,
  funghi: 1000,
  hawaiian: 1050,
  margherita: 900,
  marinara: 800,
  pepperoni: 1100,
  'quattro-formaggi': 1200,
} as const);

export type MenuItem = keyof typeof MENU;

/** Every item name, sorted, for picking items by a seeded index. */
export const MENU_ITEMS: readonly MenuItem[] = Object.freeze((Object.keys(MENU) as MenuItem[]).sort());

/** True for a name on the menu (own keys only: `constructor` is not a pizza). */
export function isMenuItem(name: string): name is MenuItem {
  return Object.hasOwn(MENU, name);
}

/** Total price in cents of a cart; throws on an item that is not on the menu. */
export function cartTotal(items: readonly string[]): number {
  let total = 0;
  for (const item of items) {
    if (!isMenuItem(item)) throw new Error(`not on the menu: ${item}`);
    total += MENU[item];
  }
  return total;
}
