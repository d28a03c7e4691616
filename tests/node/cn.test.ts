import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { twMerge } from "tailwind-merge";
import { describe, expect, it } from "vitest";
import { cn } from "@/lib/utils";

// cn runs tailwind-merge's engine on a small config: it must merge exactly as the full twMerge does for the
// class lists the components actually write, in any combination of two (a component's classes, then a caller's).

const ROOT = path.resolve(import.meta.dirname, "../..");

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      files(full, out);
    } else if (/\.tsx?$/.test(name)) {
      out.push(full);
    }
  }
  return out;
}

const CLASS_TOKEN = /^!?([a-z0-9-]+:)*-?[a-z][a-z0-9.\-/[\]()%#_,]*$/;

function isClassList(text: string): boolean {
  const tokens = text.trim().split(/\s+/);
  return text.trim() !== "" && tokens.every((t) => CLASS_TOKEN.test(t));
}

function literalsIn(node: ts.Node, into: Set<string>) {
  if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && isClassList(node.text)) {
    into.add(node.text.trim());
  }
  ts.forEachChild(node, (child) => literalsIn(child, into));
}

/**
 * What cn merges in the components: the class lists inside cn() calls and the primitives' variant maps (a
 * component's own classes), and the className a caller hands a component (which may override them).
 */
function mergedLists(): { own: string[]; given: string[] } {
  const own = new Set<string>();
  const given = new Set<string>();
  for (const file of [...files(path.join(ROOT, "src/components")), ...files(path.join(ROOT, "src/app"))]) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const primitive = file.includes(`${path.sep}ui${path.sep}`);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "cn") {
        node.arguments.forEach((arg) => literalsIn(arg, own));
      } else if (primitive && ts.isObjectLiteralExpression(node)) {
        literalsIn(node, own);
      } else if (
        ts.isJsxAttribute(node) &&
        node.name.getText() === "className" &&
        /^[A-Z]/.test(node.parent.parent.tagName.getText())
      ) {
        literalsIn(node, given);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { own: [...own], given: [...given] };
}

describe("cn", () => {
  const { own, given } = mergedLists();

  it("finds the components' class lists (the check below is not vacuous)", () => {
    expect(own).toContain("flex items-center justify-center gap-2 py-12 text-sm text-muted-foreground");
    expect(given).toContain("py-4");
    expect(own.length).toBeGreaterThan(40);
    expect(given.length).toBeGreaterThan(20);
  });

  it("merges a component's classes with any a caller gives as the full tailwind-merge does", () => {
    const differences: string[] = [];
    for (const a of own) {
      for (const b of given) {
        const ours = cn(a, b);
        const full = twMerge(a, b);
        if (ours !== full) {
          differences.push(`"${a}" + "${b}": ${ours} ≠ ${full}`);
        }
      }
    }
    expect(differences.length, differences.slice(0, 30).join("\n")).toBe(0);
  });

  it.each([
    ["py-12 text-sm", "py-4", "text-sm py-4"],
    ["px-6 py-12", "p-2", "p-2"],
    ["h-9 px-3.5 text-sm", "h-8 px-2.5 text-xs", "h-8 px-2.5 text-xs"],
    ["flex-col gap-1 sm:flex", "hidden", "flex-col gap-1 sm:flex hidden"],
    ["text-foreground", "text-muted-foreground", "text-muted-foreground"],
    ["text-sm text-foreground", "text-center", "text-sm text-foreground text-center"],
    ["size-4 shrink-0", "size-3", "shrink-0 size-3"],
    ["rounded-lg border", "rounded-md", "border rounded-md"],
  ])("%j then %j → %j", (a, b, expected) => {
    expect(cn(a, b)).toBe(expected);
    expect(twMerge(a, b)).toBe(expected);
  });

  it("joins conditional classes like clsx", () => {
    expect(cn("a-1", false, undefined, { "b-2": true, "c-3": false }, ["d-4"])).toBe("a-1 b-2 d-4");
  });
});
