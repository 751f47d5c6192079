// The bench-only floor (tests/bench/bench_canvas.py): a bare Vue Flow page with the same Vite, Vue and
// Vue Flow as the canvas, and no NiceGUI or app code. The bench builds it into a temporary folder
// (`vite build --config bench/vite.config.js --outDir <tmp>`); nothing of it is shipped in dist/.
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

export default defineConfig({
  root: new URL(".", import.meta.url).pathname,
  base: "./",
  plugins: [vue()],
  define: {
    "process.env.NODE_ENV": JSON.stringify("production"),
    __VUE_OPTIONS_API__: "true",
    __VUE_PROD_DEVTOOLS__: "false",
  },
  logLevel: "warn",
  build: { emptyOutDir: true, sourcemap: false, minify: true, copyPublicDir: false },
});
