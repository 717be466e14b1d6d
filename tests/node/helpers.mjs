// Shared by the node tests of the certlens package (pkg/, built by scripts/build-pkg.sh).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PKG = join(ROOT, 'pkg');
export const FIXTURES = join(ROOT, 'tests/fixtures');
export const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));

export function fixture(path, encoding) {
  return readFileSync(join(FIXTURES, path), encoding);
}

/** The package, initialised the Node way: the wasm bytes handed to the default init. */
export async function loadPkg() {
  if (!existsSync(join(PKG, 'certlens_bg.wasm'))) {
    throw new Error('pkg/ is missing: run bash scripts/build-pkg.sh first');
  }
  const mod = await import(join(PKG, 'certlens.js'));
  await mod.default({ module_or_path: readFileSync(join(PKG, 'certlens_bg.wasm')) });
  return mod;
}

let cliBuilt = false;
/** Run the CLI (target/debug/certlens, built once) from the repository root. */
export function cli(args, input) {
  if (!cliBuilt) {
    const b = spawnSync('cargo', ['build', '--quiet', '--locked', '-p', 'certlens-cli'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (b.status !== 0) throw new Error('cargo build -p certlens-cli failed');
    cliBuilt = true;
  }
  const r = spawnSync(join(ROOT, 'target/debug/certlens'), args, { cwd: ROOT, input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI's final message: its last `certlens: ` line on stderr (earlier ones report
 * unreadable blocks, which the JavaScript API returns in `report.errors` instead). */
export function cliMessage(args, input) {
  const r = cli(args, input);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('certlens: ') && !l.startsWith('certlens: warning:'));
  const line = lines[lines.length - 1] || '';
  return { status: r.status, message: line.slice('certlens: '.length) };
}
