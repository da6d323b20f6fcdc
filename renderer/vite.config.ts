// Builds the portal (React) into dist/renderer. Relative asset URLs, so the same bundle loads
// from browser mode's 127.0.0.1 server and from Electron's custom protocol. Paths are relative to
// the repository root, where the build runs (`vite build --config renderer/vite.config.ts`).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    // Relative to root: <repo>/dist/renderer.
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts or eval: the CSP forbids both, and the build must not need them.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
});
