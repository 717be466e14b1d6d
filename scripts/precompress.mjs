// Writes `<file>.br` and `<file>.gz` beside every text or wasm asset of a built dist/, so that a
// server can send the smaller copy without compressing on each request (scripts/static-server.mjs
// does; README "Hosting" says how nginx or a CDN does the same). Brotli and gzip at their highest
// levels: this runs once per release build, and the wasm is most of the page's bytes.
//
// Run by scripts/post-build.mjs after scripts/sri.mjs (which rewrites index.html, so the copies
// must be made after it), or by hand: node scripts/precompress.mjs dist
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

/** Extensions worth compressing (images such as PNG are compressed already). */
export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.svg', '.json', '.txt']);

export function precompress(dir) {
  const written = [];
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (!statSync(file).isFile() || !COMPRESSIBLE.has(extname(name))) continue;
    const body = readFileSync(file);
    const br = brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]:
          extname(name) === '.wasm' ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    const gz = gzipSync(body, { level: 9 });
    writeFileSync(`${file}.br`, br);
    writeFileSync(`${file}.gz`, gz);
    written.push({ name, raw: body.length, br: br.length, gz: gz.length });
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('precompress.mjs: no TRUNK_STAGING_DIR and no folder given');
  for (const w of precompress(dir)) {
    console.log(`precompress.mjs: ${w.name}: ${w.raw} bytes, brotli ${w.br}, gzip ${w.gz}`);
  }
}
