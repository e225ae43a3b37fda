// Build of the members' portal: plain TypeScript modules bundled by Vite into
// dist/ (served by `disrupt serve --web-root web/dist`). Everything the pages
// need, fonts and map data included, is bundled: the portal makes no request
// outside its own server.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
    // The route map's country shapes and the graph renderer are larger than
    // Vite's default warning threshold; they load only on their pages.
    chunkSizeWarningLimit: 900,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
