import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// Components name colours by role (theme tokens in src/app/globals.css), and use
// React 19 idioms: ref as a prop, composition or context instead of cloned children.

const palette =
  "slate|gray|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose";
const colourUtility =
  "bg|text|border|divide|ring|ring-offset|outline|decoration|fill|stroke|from|via|to|shadow|accent|caret|placeholder";
const rawColourClass = new RegExp(
  `(?<![\\w-])(?:[\\w-]+:)*(?:${colourUtility})-(?:(?:${palette})-\\d{2,3}|white|black)(?:/\\d+)?(?![\\w-])`,
  "g",
);
const legacyReactApi = /\b(?:forwardRef|cloneElement)\b/g;
const indexKey = /\bkey=\{(?:i|idx|index)\}/g;

function rawColourClasses(source: string): string[] {
  return source.match(rawColourClass) ?? [];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(path);
    }
    return /\.(tsx?|css)$/.test(entry.name) ? [path] : [];
  });
}

const root = join(import.meta.dirname, "../..");
const files = sourceFiles(join(root, "src")).map((path) => ({
  path: relative(root, path),
  text: readFileSync(path, "utf8"),
}));

function offenders(pattern: (text: string) => string[]) {
  return files.flatMap(({ path, text }) => pattern(text).map((match) => `${path}: ${match}`));
}

describe("the raw colour class detector", () => {
  it.each([
    ["bg-red-50 text-red-700", ["bg-red-50", "text-red-700"]],
    [
      'className="hover:bg-slate-100 focus-visible:outline-emerald-600"',
      ["hover:bg-slate-100", "focus-visible:outline-emerald-600"],
    ],
    ["ring-emerald-600/20 backdrop:bg-slate-900/40", ["ring-emerald-600/20", "backdrop:bg-slate-900/40"]],
    ["bg-white text-black", ["bg-white", "text-black"]],
    ["aria-[invalid=true]:border-red-500", ["border-red-500"]],
    ["bg-destructive/10 text-destructive border-border", []],
    ["text-muted-foreground bg-primary text-primary-foreground ring-ring/30", []],
    ["bg-success/10 text-warning text-info", []],
    ["a red-50 mention, bg-red-5, text-redder-500", []],
  ])("%s", (source, found) => {
    expect(rawColourClasses(source)).toEqual(found);
  });
});

describe("UI source", () => {
  it("has been scanned", () => {
    expect(files.some((f) => f.path.endsWith("src/components/ui/button.tsx"))).toBe(true);
    expect(files.some((f) => f.path.endsWith("src/app/globals.css"))).toBe(true);
  });

  it("uses theme tokens, never Tailwind palette shades", () => {
    expect(offenders(rawColourClasses)).toEqual([]);
  });

  it("passes refs as props and composes children instead of cloning them", () => {
    expect(offenders((text) => text.match(legacyReactApi) ?? [])).toEqual([]);
  });

  it("keys list rows by identity, not position", () => {
    expect(offenders((text) => text.match(indexKey) ?? [])).toEqual([]);
  });
});
