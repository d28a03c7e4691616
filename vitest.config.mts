import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const alias = {
  "@": fileURLToPath(new URL("./src", import.meta.url)),
  "@convex": fileURLToPath(new URL("./convex", import.meta.url)),
};

export default defineConfig({
  test: {
    projects: [
      {
        // Convex functions in Convex's edge-like runtime, through convex-test.
        resolve: { alias },
        test: {
          name: "convex",
          include: ["convex/**/*.test.ts"],
          environment: "edge-runtime",
          server: { deps: { inline: ["convex-test"] } },
        },
      },
      {
        // Pure domain modules, scripts and clients tested against loopback servers.
        resolve: { alias },
        test: {
          name: "node",
          include: ["src/domain/**/*.test.ts", "tests/node/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        // React components with React Testing Library.
        resolve: { alias },
        test: {
          name: "ui",
          include: ["tests/ui/**/*.test.tsx"],
          environment: "jsdom",
          setupFiles: ["tests/ui/setup.ts"],
        },
      },
    ],
  },
});
