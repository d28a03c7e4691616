// Every public function the convex/ modules register, found by the flags Convex
// puts on registered functions (isPublic plus isQuery/isMutation/isAction), with
// arguments that pass its validator: so a test can call each one and a function
// added later is called too, whichever builder registered it.
import type { Value } from "convex/values";

export type Kind = "query" | "mutation" | "action";
/** `registered` is the exported function itself, for checks of how it was built. */
export type PublicFunction = { path: string; kind: Kind; args: Record<string, Value>; registered: unknown };

type Registered = {
  isPublic?: boolean;
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  exportArgs?: () => string;
};
type ValidatorJson = { type: string; value?: unknown; tableName?: string; keys?: unknown; values?: unknown };
type FieldJson = { fieldType: ValidatorJson; optional: boolean };

/** An id of `table` in convex-test's format; `known` supplies real ones (e.g. the test's workspace). */
function idFor(table: string, known: Record<string, string>): string {
  return known[table] ?? `${"9".repeat(Math.max(1, 32 - table.length))}${table}`;
}

/** The smallest value a validator accepts (required fields only, first union member). */
export function sampleValue(validator: ValidatorJson, known: Record<string, string>): Value {
  switch (validator.type) {
    case "id":
      return idFor(validator.tableName!, known);
    case "string":
      return "x";
    case "number":
      return 1;
    case "bigint":
      return 1n;
    case "boolean":
      return false;
    case "null":
    case "any":
      return null;
    case "literal":
      return validator.value as Value;
    case "bytes":
      return new ArrayBuffer(0);
    case "array":
    case "record":
      return validator.type === "array" ? [] : {};
    case "union":
      return sampleValue((validator.value as ValidatorJson[])[0], known);
    case "object": {
      const out: Record<string, Value> = {};
      for (const [name, field] of Object.entries(validator.value as Record<string, FieldJson>)) {
        if (!field.optional) {
          out[name] = sampleValue(field.fieldType, known);
        }
      }
      return out;
    }
    default:
      throw new Error(`sampleValue: no sample for validator type ${validator.type}`);
  }
}

/** Loads every module of a convex-test module map and lists its public functions, sorted by path. */
export async function publicFunctions(
  modules: Record<string, () => Promise<unknown>>,
  known: Record<string, string> = {},
): Promise<PublicFunction[]> {
  const found: PublicFunction[] = [];
  for (const [file, load] of Object.entries(modules)) {
    const modulePath = file.replace(/^(\.\/|convex\/)/, "").replace(/\.[mc]?[jt]s$/, "");
    if (modulePath.startsWith("_generated") || /(^|\/)test\./.test(modulePath)) {
      continue;
    }
    const exports = (await load()) as Record<string, Registered | undefined>;
    for (const [name, fn] of Object.entries(exports)) {
      if (!fn?.isPublic) {
        continue;
      }
      const kind: Kind = fn.isQuery ? "query" : fn.isMutation ? "mutation" : "action";
      const argsJson = JSON.parse(fn.exportArgs?.() ?? '{"type":"any"}') as ValidatorJson;
      const args = argsJson.type === "any" ? {} : (sampleValue(argsJson, known) as Record<string, Value>);
      found.push({ path: `${modulePath}:${name}`, kind, args, registered: fn });
    }
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
