import { it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { terminalViews } from '/work/wt/tables/test/unit/report/views.js';
it('measure', () => {
  for (const [name, text] of Object.entries(terminalViews(false))) {
    const w = Math.max(...text.split('\n').map((l) => stripVTControlCharacters(l).length));
    console.log(name, w);
    if (process.env.SHOW) console.log(text);
  }
});
