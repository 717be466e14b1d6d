// A minimal static file server for dist/ on 127.0.0.1, used by `scripts/serve.sh` and the browser
// tests. It serves files only from the given folder and sends the headers a hosted copy should
// send too (see SECURITY.md, "Hosting"): the CSP as a header with frame-ancestors 'none',
// Cross-Origin-Opener-Policy: same-origin, no referrer, no sniffing.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.pem': 'text/plain; charset=utf-8',
};

// The header repeats the policy of the page's own <meta> tag (which scripts/sri.mjs extends with
// the import map's hash), plus what only a header can say: frame-ancestors.
export const FALLBACK_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' blob:; connect-src 'self'; worker-src blob:; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

async function policy(base) {
  try {
    const html = await readFile(join(base, 'index.html'), 'utf8');
    const m = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/);
    return `${m ? m[1] : FALLBACK_CSP}; frame-ancestors 'none'`;
  } catch {
    return `${FALLBACK_CSP}; frame-ancestors 'none'`;
  }
}

/** The headers every response carries besides its type (exported for the tests). */
export async function securityHeaders(base) {
  return {
    'content-security-policy': await policy(base),
    // No window opened by or opening this page keeps a handle on it.
    'cross-origin-opener-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
}

/** What scripts/precompress.mjs writes a .br and .gz copy of. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.svg', '.json', '.txt']);

// Trunk names the wasm, the glue and the stylesheet after their content
// (`certlens-web-<16 hex>_bg.wasm`): such a file never changes, so the browser may keep it. The
// loader fetches the glue a second time for the worker (www/loader.js) after the page's import
// has loaded it: with this header that fetch is answered from the browser's cache, so the glue
// crosses the network once. index.html and loader.js keep `no-cache`.
const IMMUTABLE = /-[0-9a-f]{16}(_bg)?\.(wasm|js|css)$/;

// Copies already compared with their file, by (file size and time, copy size and time).
const verified = new Map();

/**
 * The precompressed copy of `file` to send for this Accept-Encoding (brotli first, then gzip),
 * or null: none asked for, none written, or one that is not the file's bytes. A dist/ edited
 * after the build must not be answered with the bytes from before the edit, and file times
 * cannot tell (a copied folder, or an edit in the same clock tick as the copy): each copy is
 * decompressed and compared with its file once, again whenever either changes.
 */
async function precompressed(file, info, acceptEncoding = '') {
  if (!COMPRESSIBLE.has(extname(file))) return null;
  const accepted = new Set(
    String(acceptEncoding)
      .split(',')
      .map((p) => p.split(';'))
      .filter(([, q = '']) => !/^\s*q=0(\.0*)?\s*$/.test(q))
      .map(([name]) => name.trim().toLowerCase()),
  );
  for (const [encoding, ext, unpack] of [['br', '.br', brotliDecompressSync], ['gzip', '.gz', gunzipSync]]) {
    if (!accepted.has(encoding)) continue;
    try {
      const copy = await stat(file + ext, { bigint: true });
      if (!copy.isFile()) continue;
      const key = `${info.size}:${info.mtimeNs}:${copy.size}:${copy.mtimeNs}`;
      if (verified.get(file + ext) !== key) {
        const [bytes, packed] = await Promise.all([readFile(file), readFile(file + ext)]);
        if (!unpack(packed).equals(bytes)) continue;
        verified.set(file + ext, key);
      }
      return { encoding, file: file + ext };
    } catch {
      // no copy of this kind, or not a valid one: try the next
    }
  }
  return null;
}

export function serve(root, port = 0, host = '127.0.0.1') {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let path = normalize(decodeURIComponent(url.pathname));
      if (path.endsWith('/')) path += 'index.html';
      const file = resolve(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) throw new Error('outside root');
      const info = await stat(file, { bigint: true });
      if (!info.isFile()) throw new Error('not a file');
      const encoded = await precompressed(file, info, req.headers['accept-encoding']);
      const body = await readFile(encoded ? encoded.file : file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] || 'application/octet-stream',
        ...(encoded ? { 'content-encoding': encoded.encoding } : {}),
        ...(COMPRESSIBLE.has(extname(file)) ? { vary: 'Accept-Encoding' } : {}),
        ...(await securityHeaders(base)),
        ...(IMMUTABLE.test(basename(file)) ? { 'cache-control': 'public, max-age=31536000, immutable' } : {}),
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [root = 'dist', port = '8080'] = process.argv.slice(2);
  const server = await serve(root, Number(port));
  console.log(`certlens: serving ${root} on http://127.0.0.1:${server.address().port}/`);
}
