import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  turbopack: {
    // In the browser the components' hooks come straight from use-intl: next-intl's client entry only wraps them
    // (to reword errors), and its unannotated wrapper call keeps useFormatter, which nothing here uses, in every route.
    resolveAlias: { "next-intl": { browser: "use-intl" } },
  },
};

// Messages are compiled at build time, so the browser gets no ICU parser.
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./src/i18n/request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: "infer", precompile: true } },
});

export default withNextIntl(nextConfig);
