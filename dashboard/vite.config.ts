import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Builds the dashboard into dist/dashboard, which `consuma serve` serves at `/` (src/api/routes/dashboard.ts).
 * In development (`npx vite --config dashboard/vite.config.ts`) API calls are proxied to a running server.
 */
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8000',
      '/dashboard-config.json': 'http://127.0.0.1:8000',
    },
  },
});
