/// <reference types="vite/client" />
// Explicit module map for convex-test (the docs' extglob matches nothing under Vite 8).
export const modules = import.meta.glob(["./**/*.ts", "./**/*.js", "!./**/*.test.ts", "!./**/*.d.ts"]);
