import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import en from "../../messages/en.json";
import id from "../../messages/id.json";

// The catalogues against each other and against the code: the same keys in both, valid ICU with the same
// arguments, and no key nothing uses (nor a used key missing: the typecheck catches those in t() calls).

const ROOT = path.resolve(import.meta.dirname, "../..");
type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") {
      out.set(full, value);
    } else {
      for (const [k, v] of leaves(value, full)) {
        out.set(k, v);
      }
    }
  }
  return out;
}

const catalogues = { en: leaves(en as Tree), id: leaves(id as Tree) };

function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (
      element.type === TYPE.argument ||
      element.type === TYPE.number ||
      element.type === TYPE.date ||
      element.type === TYPE.time
    ) {
      into.add(element.value);
    } else if (element.type === TYPE.plural || element.type === TYPE.select) {
      into.add(element.value);
      for (const option of Object.values(element.options)) {
        argumentsOf(option.value, into);
      }
    } else if (element.type === TYPE.tag) {
      into.add(`<${element.value}>`);
      argumentsOf(element.children, into);
    }
  }
  return into;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (name === "_generated" || name === "node_modules") {
      continue;
    }
    if (statSync(full).isDirectory()) {
      sourceFiles(full, out);
    } else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".d.ts")) {
      out.push(full);
    }
  }
  return out;
}

const NAMESPACE_CALLS = new Set(["useTranslations", "getTranslations", "namespaced"]);

/**
 * What a file may use: every string literal and template head in it, alone and under each namespace the file
 * opens (useTranslations("inbox") makes "empty" mean "inbox.empty"). A literal or template head ending in "."
 * (`causes.${code}`) uses every key below it.
 */
type Uses = { exact: Set<string>; prefixes: Set<string> };

function usesOf(file: string, text = readFileSync(file, "utf8")): Uses {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const literals: string[] = [];
  const namespaces = new Set<string>([""]);
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      literals.push(node.text);
    } else if (ts.isTemplateExpression(node)) {
      literals.push(node.head.text);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && NAMESPACE_CALLS.has(node.expression.text)) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteral(first)) {
        namespaces.add(first.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const exact = new Set<string>();
  const prefixes = new Set<string>();
  for (const namespace of namespaces) {
    for (const literal of literals) {
      const full = namespace ? `${namespace}.${literal}` : literal;
      (literal.endsWith(".") ? prefixes : exact).add(full);
    }
  }
  return { exact, prefixes };
}

function unusedKeys(keys: Iterable<string>, uses: Uses[]): string[] {
  const exact = new Set(uses.flatMap((u) => [...u.exact]));
  const prefixes = [...new Set(uses.flatMap((u) => [...u.prefixes]))];
  return [...keys].filter((key) => !exact.has(key) && !prefixes.some((prefix) => key.startsWith(prefix)));
}

describe("the catalogues", () => {
  it("have the same keys in English and Indonesian", () => {
    const missingInId = [...catalogues.en.keys()].filter((key) => !catalogues.id.has(key));
    const missingInEn = [...catalogues.id.keys()].filter((key) => !catalogues.en.has(key));
    expect({ missingInId, missingInEn }).toEqual({ missingInId: [], missingInEn: [] });
  });

  it("hold valid ICU messages with the same arguments in both languages, and no empty one", () => {
    const problems: string[] = [];
    for (const [key, english] of catalogues.en) {
      const indonesian = catalogues.id.get(key);
      if (indonesian === undefined) {
        continue;
      }
      try {
        const a = [...argumentsOf(parse(english))].sort();
        const b = [...argumentsOf(parse(indonesian))].sort();
        if (a.join() !== b.join()) {
          problems.push(`${key}: en {${a.join(", ")}} but id {${b.join(", ")}}`);
        }
      } catch (error) {
        problems.push(`${key}: ${(error as Error).message}`);
      }
      if (!english.trim() || !indonesian.trim()) {
        problems.push(`${key}: empty`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("have no key that no code uses", () => {
    const files = [...sourceFiles(path.join(ROOT, "src")), ...sourceFiles(path.join(ROOT, "convex"))];
    expect(
      unusedKeys(
        catalogues.en.keys(),
        files.map((file) => usesOf(file)),
      ),
    ).toEqual([]);
  });
});

describe("the usage scan", () => {
  const file = [
    'const t = useTranslations("inbox");',
    't("empty"); t(`causes.${code}`);',
    'say({ key: "deliveries.title" });',
  ].join("\n");
  const uses = [usesOf("scan.tsx", file)];

  it.each([
    ["a key under the file's namespace", "inbox.empty", true],
    ["a full key anywhere", "deliveries.title", true],
    ["a key below a template prefix", "inbox.causes.unmatched", true],
    ["a key nothing names", "inbox.unused", false],
    ["a namespace's key used only under another namespace", "deliveries.empty", false],
  ])("%s: %s used = %s", (_, key, used) => {
    expect(unusedKeys([key], uses)).toEqual(used ? [] : [key]);
  });
});
