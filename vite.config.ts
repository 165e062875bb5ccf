import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** The dev server injects component styles as <style> tags, which the page's strict CSP forbids. */
function cspOnlyInBuild(): Plugin {
  return {
    name: 'intent-lab:csp-only-in-build',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
  };
}

/**
 * Lists every built file in dist/precache.json, which public/sw.js caches for offline re-visits.
 * Written after the build (workers and wasm are emitted by their own sub-builds, so the main bundle
 * alone does not know them).
 */
function precacheManifest(): Plugin {
  let outDir = 'dist';
  return {
    name: 'intent-lab:precache-manifest',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const p = join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else if (!/\.map$|^sw\.js$|^precache\.json$/.test(e.name)) files.push(`./${relative(outDir, p).split('\\').join('/')}`);
        }
      };
      walk(outDir);
      writeFileSync(join(outDir, 'precache.json'), JSON.stringify({ files: ['./', ...files.sort()] }, null, 1));
    },
  };
}

// Relative base so the built site works from any GitHub Pages sub-path and from `vite preview`.
export default defineConfig({
  base: './',
  plugins: [svelte(), cspOnlyInBuild(), precacheManifest()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: 'dist',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4096,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
