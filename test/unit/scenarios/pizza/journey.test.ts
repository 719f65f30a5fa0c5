import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../../../src/driver/rng.js';
import { chooseItems } from '../../../../src/scenarios/pizza/journey.js';
import { MENU_ITEMS } from '../../../../targets/pizza/menu.js';

const plan = (seed: number) =>
  Array.from({ length: 10 }, (_, user) => Array.from({ length: 5 }, (_, journey) => chooseItems(createRng(deriveSeed(seed, user, journey + 1)))));

describe('pizza journey plan', () => {
  it('is the same for the same seed, user and journey, and differs for another seed', () => {
    expect(plan(42)).toEqual(plan(42));
    expect(plan(42)).not.toEqual(plan(43));
  });

  it('orders 2 to 4 items from the menu', () => {
    for (const items of plan(1).flat()) {
      expect(items.length).toBeGreaterThanOrEqual(2);
      expect(items.length).toBeLessThanOrEqual(4);
      for (const item of items) expect(MENU_ITEMS).toContain(item);
    }
  });
});
