// Trunk post_build hook (Trunk.toml [[hooks]]). Trunk runs the hooks of one stage at the same
// time, and the compressed copies must be made from the final index.html, so one hook runs both
// steps in order: Subresource Integrity (scripts/sri.mjs, which rewrites index.html), then the
// .br and .gz copies of every asset (scripts/precompress.mjs).
import { precompress } from './precompress.mjs';

// sri.mjs does its work when imported (it reads TRUNK_STAGING_DIR or the folder argument).
await import('./sri.mjs');
const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
for (const w of precompress(dir)) {
  console.log(`post-build: ${w.name}: ${w.raw} bytes, brotli ${w.br}, gzip ${w.gz}`);
}
