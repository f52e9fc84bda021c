/**
 * Serves the built web UI (apps/control-plane/ui/dist, made by `npm run build:ui`).
 * The build is immutable while the process runs, so the files are indexed (and text
 * files gzipped) once at start: requests are map lookups, and no request path ever
 * reaches the file system (no traversal to guard against). Unknown extension-less paths
 * get index.html so client-side routes survive a reload; API paths are never touched.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';

/** One file of the build, ready to send. */
interface Asset {
  readonly body: Buffer;
  readonly gzip: Buffer | null;
  readonly type: string;
  readonly etag: string;
  /** Vite puts content-hashed files under assets/: they can be cached forever. */
  readonly immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Paths that belong to the API, docs, probes and sockets: never the UI's. */
const NOT_UI = /^\/(v1|docs|health|metrics|socket\.io|agents)(\/|$|-)/;

/**
 * The page's Content-Security-Policy: everything from this origin only. CodeMirror writes
 * style attributes and <style> elements at run time, hence 'unsafe-inline' for styles
 * (scripts stay strict: no inline script, no eval).
 */
export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Finds `apps/control-plane/ui/dist` in the checkout this file belongs to: the nearest
 * directory above with a package.json is the repository root (from src/ in tests, from
 * dist/ when built; dist/ itself has no package.json, so a stray copy there is never used).
 */
export function findUiDist(start: string = __dirname): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const candidate = join(dir, 'apps', 'control-plane', 'ui', 'dist');
      return existsSync(join(candidate, 'index.html')) ? candidate : null;
    }
    if (dirname(dir) === dir) return null;
  }
}

export function indexAssets(root: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) {
        walk(file);
        continue;
      }
      const url = '/' + relative(root, file).split(sep).join('/');
      const body = readFileSync(file);
      const type = TYPES[extname(name)] ?? 'application/octet-stream';
      const compressible = /^(text\/|application\/(json|manifest)|image\/svg)/.test(type) && body.length > 1024;
      out.set(url, {
        body,
        gzip: compressible ? gzipSync(body, { level: 9 }) : null,
        type,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        immutable: url.startsWith('/assets/'),
      });
    }
  };
  walk(root);
  return out;
}

/** Headers every UI response carries, whatever the file. */
function securityHeaders(res: Response): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/**
 * The Express handler. With no build present (a checkout where `npm run build:ui` has not
 * run) `/` explains how to build it instead of answering 404.
 */
export function uiAssetsHandler(assets: Map<string, Asset> | null) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_UI.test(req.path)) return next();
    if (!assets) {
      if (req.path !== '/') return next();
      securityHeaders(res);
      res.status(503).type('text/plain').send('The Vigil web UI is not built. Run `npm run build:ui` (or `npm run build`) and restart.\n');
      return;
    }
    let asset = assets.get(req.path);
    const isPage = !asset && extname(req.path) === '';
    if (isPage || req.path === '/') asset = assets.get('/index.html');
    if (!asset) return next();
    securityHeaders(res);
    res.setHeader('Content-Type', asset.type);
    res.setHeader('ETag', asset.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    if (asset.type.startsWith('text/html')) {
      // The page names the hashed assets: always revalidate it so a deploy is picked up.
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Content-Security-Policy', UI_CSP);
      res.setHeader('X-Frame-Options', 'DENY');
    } else {
      res.setHeader('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    }
    if (req.headers['if-none-match'] === asset.etag) {
      res.status(304).end();
      return;
    }
    const gzip = asset.gzip !== null && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzip! : asset.body;
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', String(body.length));
    res.status(200);
    if (req.method === 'HEAD') res.end();
    else res.end(body);
  };
}
