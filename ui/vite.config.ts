/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// crmd serves dist/: hashed files under /assets/, index.html for /, /login and /agent/*.
// In development, `npm run dev` proxies /api to a running crmd (CRM_URL, default :8080).
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false },
  server: {
    proxy: { '/api': process.env.CRM_URL ?? 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
