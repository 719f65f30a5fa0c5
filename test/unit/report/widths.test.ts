import { describe, expect, it } from 'vitest';
import { visibleWidth } from '../../../src/report/format.js';
import { drawTable, TERMINAL_WIDTH, wrapText } from '../../../src/report/draw.js';
import { Chalk } from 'chalk';
import { terminalViews } from '../../fixtures/reports/views.js';

const widest = (text: string) => Math.max(...text.split('\n').map(visibleWidth));

describe('every terminal view fits 80 columns', () => {
  for (const color of [true, false]) {
    it.each(Object.keys(terminalViews(color)))(`%s (colour ${color ? 'on' : 'off'})`, (name) => {
      const text = terminalViews(color)[name]!;
      expect(widest(text)).toBeLessThanOrEqual(TERMINAL_WIDTH);
      expect(text.split('\n').length).toBeGreaterThan(5);
    });
  }

  it('the measure itself flags a view that is too wide', () => {
    const c = new Chalk({ level: 0 });
    const wide = { head: ['', 'a'], groups: [[[{ text: 'x'.repeat(90), tone: 'plain' as const }, { text: '1', tone: 'plain' as const }]]], align: ['left', 'right'] as const };
    expect(widest(drawTable(wide, c, Infinity).join('\n'))).toBeGreaterThan(TERMINAL_WIDTH);
  });

  it('shares the width among the figure columns of a table too wide, wrapping their cells', () => {
    const c = new Chalk({ level: 0 });
    const cells = ['label', ...Array.from({ length: 4 }, () => '13.70 / 985.09 / 19.82')].map((text) => ({ text, tone: 'plain' as const }));
    const lines = drawTable({ head: ['', 'a', 'b', 'c', 'd'], groups: [[cells]], align: ['left', 'right', 'right', 'right', 'right'] }, c);
    expect(widest(lines.join('\n'))).toBeLessThanOrEqual(TERMINAL_WIDTH);
    expect(lines.join('\n')).toContain('985.09');
  });

  it('measures colour codes as nothing and a wide character as two columns, as cli-table3 draws them', () => {
    expect(visibleWidth('\u001b[31mab\u001b[39m')).toBe(2);
    expect(visibleWidth('東京')).toBe(4);
    const c = new Chalk({ level: 1 });
    const row = (label: string, text: string) => [{ text: label, tone: 'plain' as const }, { text, tone: 'bad' as const }];
    const lines = drawTable({ head: ['', '東京 design'], groups: [[row('a', '1'), row('東京', '22')]], align: ['left', 'right'] }, c);
    expect(new Set(lines.map(visibleWidth)).size).toBe(1);
    expect(lines.some((line) => line.includes('\u001b[31m'))).toBe(true);
  });

  it('wraps prose between words, indenting what follows', () => {
    const lines = wrapText('word '.repeat(30).trim(), 20);
    expect(lines.every((line) => visibleWidth(line) <= 20)).toBe(true);
    expect(lines.slice(1).every((line) => line.startsWith('  word'))).toBe(true);
    expect(lines.join(' ').split(/\s+/).filter(Boolean)).toHaveLength(30);
  });

  it('breaks settings only at their separator, which ends the line', () => {
    expect(wrapText('pizza · 2 users · faults crash server-1', 20, 2, ' · ')).toEqual(['pizza · 2 users ·', '  faults crash server-1']);
  });
});
