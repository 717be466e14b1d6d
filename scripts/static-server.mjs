// A minimal static file server for dist/ on 127.0.0.1, used by `scripts/serve.sh` and the browser
// tests. It serves files only from the given folder and sends the headers a hosted copy should
// send too (see SECURITY.md, "Hosting"): the CSP as a header with frame-ancestors 'none',
// Cross-Origin-Opener-Policy: same-origin, no referrer, no sniffing.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

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

export function serve(root, port = 0, host = '127.0.0.1') {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let path = normalize(decodeURIComponent(url.pathname));
      if (path.endsWith('/')) path += 'index.html';
      const file = resolve(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) throw new Error('outside root');
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] || 'application/octet-stream',
        ...(await securityHeaders(base)),
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
