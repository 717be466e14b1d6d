// The package's TypeScript types (pkg/certlens.d.ts) compile, and type a real use of every
// function precisely (tests/node/types-check.ts, with @ts-expect-error for wrong uses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

test('certlens.d.ts types every argument and result (tsc --strict)', () => {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), [
    '--strict', '--noEmit', '--skipLibCheck', 'false',
    '--target', 'es2022', '--module', 'es2022', '--moduleResolution', 'bundler', '--lib', 'es2022,dom',
    join(ROOT, 'tests/node/types-check.ts'),
  ], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
