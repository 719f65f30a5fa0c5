import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { reporterFor, reporters } from '../../../src/report/index.js';
import { result } from './fixture.js';

describe('reporters', () => {
  it('registers table, json, md and html by name, each rendering a string', () => {
    expect(Object.keys(reporters).sort()).toEqual(['html', 'json', 'md', 'table']);
    expect(JSON.parse(reporterFor('json').render(result, { color: false }))).toEqual(result);
    expect(reporterFor('table').render(result, { color: false })).toContain('statebench · pizza');
  });

  it('names the known reporters when asked for an unknown one', () => {
    expect(() => reporterFor('pdf')).toThrow(ConfigError);
    expect(() => reporterFor('pdf')).toThrow('Expected a report format among `table`, `json`, `html`, `md`, got `pdf`.');
    expect(() => reporterFor('toString')).toThrow(ConfigError);
  });
});
