import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The dev server (an AppHost resource, hot reload) talks to the gateway cross-origin: the gateway's CORS policy admits
// http://localhost:5173 in Development. The built app is served by the gateway itself, same origin (docs/storefront.md).
export default defineConfig({
  plugins: [react()],
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1", port: 5173, strictPort: true },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, target: "es2022" },
});
