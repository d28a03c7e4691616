import path from "node:path";
import type { NextConfig } from "next";

// Built from a copy under the project (see scripts/bench-bundle.mjs) so it resolves the project's node_modules.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  turbopack: { root: path.resolve(process.cwd(), "../..") },
};

export default nextConfig;
