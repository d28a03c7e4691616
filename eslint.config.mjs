import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import convexPlugin from "@convex-dev/eslint-plugin";
import i18next from "eslint-plugin-i18next";

const config = [
  {
    ignores: [
      "convex/_generated/**",
      ".next/**",
      "node_modules/**",
      "e2e-artifacts/**",
      ".offline-backend/**",
      ".bench-bundle/**",
      "next-env.d.ts",
    ],
  },
  ...nextVitals,
  ...nextTs,
  ...convexPlugin.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      curly: ["error", "all"],
    },
  },
  {
    // Everything a person reads comes from the catalogues (messages/*.json): no literal text in markup, nor in
    // the attributes people read (labels, hints, titles, placeholders). Names and signs are not words.
    files: ["src/components/**/*.tsx", "src/app/**/*.tsx"],
    plugins: { i18next },
    rules: {
      "i18next/no-literal-string": [
        "error",
        {
          mode: "jsx-only",
          "should-validate-template": true,
          "jsx-attributes": {
            include: [
              "^(aria-label|aria-description|aria-valuetext|aria-roledescription|title|alt|placeholder)$",
              "^(label|hint|description|message|heading|emptyText|confirm[A-Za-z]*|[a-z]+(Label|Text|Title|Hint))$",
            ],
          },
          // The plugin's own list, plus next-intl's rich and markup calls.
          callees: {
            exclude: [
              "i18n(ext)?",
              "t",
              "t\\.(rich|markup|has)",
              "require",
              "addEventListener",
              "removeEventListener",
              "postMessage",
              "getElementById",
              "dispatch",
              "commit",
              "includes",
              "indexOf",
              "endsWith",
              "startsWith",
            ],
          },
          words: { exclude: ["^[^A-Za-z]*$", "^(my21staff|Kapso|WhatsApp|Clerk|Convex)$"] },
        },
      ],
    },
  },
];

export default config;
