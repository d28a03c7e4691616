import type { NextConfig } from "next";

// Built from a copy under .bench-bundle/ with node_modules hard-linked in (see scripts/bench-bundle.mjs); its own
// directory is the Turbopack root, so nothing of the project's (src/proxy.ts) is built into it.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  turbopack: { root: process.cwd() },
};

export default nextConfig;
