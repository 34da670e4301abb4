import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `pnpm --filter @flow/web dev` serves the app with hot reload against a server on port 3000.
export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    proxy: { '/trpc': { target: 'http://127.0.0.1:3000', ws: true, changeOrigin: false } },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
});
