// Builds the console into web/dist, which the server serves as static files (server.static_dir).
// `npm run build:web` runs `vite build web`, so this file's directory is the root.
import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

// Node's process, without pulling in @types/node for one variable.
declare const process: { env: Record<string, string | undefined> };

// `npx vite web` serves the console with hot reload and forwards the API and the stream to a
// running tsunagu server (default: the server's default address).
const apiTarget = process.env.TSUNAGU_API_URL ?? 'http://127.0.0.1:8080';

// The server refuses a POST or a WebSocket whose Origin is not its own (CSRF defence). In
// development the browser's origin is the Vite server, so present the target's origin instead.
const sameOriginProxy: ProxyOptions = {
  target: apiTarget,
  changeOrigin: true,
  headers: { origin: apiTarget },
};

export default defineConfig({
  root: decodeURIComponent(new URL('.', import.meta.url).pathname),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api/v1/stream': { ...sameOriginProxy, ws: true },
      '/api': sameOriginProxy,
    },
  },
});
