import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommands, findCommand } from '../../../src/designs/command.js';
import { EnvironmentError } from '../../../src/errors.js';
import type { TargetDefinition } from '../../../src/fleet/target.js';

const root = mkdtempSync(join(tmpdir(), 'sb-command-'));
const bin = join(root, 'bin');
const app = join(root, 'app');
mkdirSync(bin);
mkdirSync(app);
writeFileSync(join(bin, 'my-server'), '#!/bin/sh\n');
chmodSync(join(bin, 'my-server'), 0o755);
writeFileSync(join(app, 'start.sh'), '#!/bin/sh\n');
chmodSync(join(app, 'start.sh'), 0o755);
writeFileSync(join(app, 'notes.txt'), 'not a program');

const design = (command: string, cwd = app): TargetDefinition => ({ name: 'mine', command, args: [], cwd, env: {}, healthPath: '/healthz', store: 'none' });

describe('findCommand: as spawn finds a command', () => {
  it('looks a bare name up on PATH, in order', () => {
    expect(findCommand(design('my-server'), `/nonexistent:${bin}`)).toBe(join(bin, 'my-server'));
    expect(findCommand(design('my-srvr'), bin)).toBeUndefined();
  });

  it('takes a name with a slash as a path from the design folder, not from PATH', () => {
    expect(findCommand(design('./start.sh'), '')).toBe(join(app, 'start.sh'));
    expect(findCommand(design('start.sh'), '')).toBeUndefined();
    expect(findCommand(design(join(bin, 'my-server'), '/'), '')).toBe(join(bin, 'my-server'));
  });

  it('refuses a file that is not executable, and a folder', () => {
    expect(findCommand(design('./notes.txt'), '')).toBeUndefined();
    expect(findCommand(design('app', root), root)).toBeUndefined();
  });
});

describe('checkCommands: before anything starts', () => {
  it('names the command and its design (exit 3)', () => {
    const designs = [design(process.execPath), { ...design('statebench-no-such-server'), name: 'typo' }];
    expect(() => checkCommands(designs)).toThrow(EnvironmentError);
    expect(() => checkCommands(designs)).toThrow(
      'command not found: statebench-no-such-server (design `typo`); check its `command` and the PATH statebench runs with.',
    );
  });

  it('names a working directory that does not exist, not the command', () => {
    expect(() => checkCommands([design('./start.sh', join(root, 'gone'))])).toThrow(`design \`mine\`: its working directory ${join(root, 'gone')} does not exist.`);
  });

  it('passes designs whose commands exist', () => {
    expect(() => checkCommands([design(process.execPath), design('./start.sh')])).not.toThrow();
  });
});
