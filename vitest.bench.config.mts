import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// `npm run bench`: in-process benchmarks that print figures. Never part of `npm test`.
export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./src", import.meta.url)),
      "@convex": fileURLToPath(new URL("./convex", import.meta.url)),
    },
  },
  test: {
    include: ["bench/**/*.bench.test.ts"],
    environment: "edge-runtime",
    server: { deps: { inline: ["convex-test"] } },
    fileParallelism: false,
    testTimeout: 600_000,
    reporters: ["verbose"],
    silent: false,
  },
});
