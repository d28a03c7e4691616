import { afterEach, describe, expect, it, vi } from "vitest";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { modules } from "./test.setup";
import { createWorkspace, newTest } from "./test.harness";
import { publicFunctions, type PublicFunction } from "../tests/convex/publicFunctions";
import { LOCAL_OPERATOR } from "../src/domain/localOperator";

afterEach(() => vi.unstubAllEnvs());

// The deployment variables of each way this project runs. None of them makes an anonymous caller anybody.
const MODES: Record<string, Record<string, string>> = {
  "cloud, no sign-in configured": { CONVEX_CLOUD_URL: "https://happy-otter-123.convex.cloud" },
  "cloud with Clerk": {
    CONVEX_CLOUD_URL: "https://happy-otter-123.convex.cloud",
    CLERK_JWT_ISSUER_DOMAIN: "https://x.clerk.accounts.dev",
  },
  "Convex local deployment": {
    CONVEX_CLOUD_URL: "http://127.0.0.1:3210",
    LOCAL_OPERATOR_JWKS: '{"keys":[]}',
    KAPSO_SECRETS_KEY: btoa("k".repeat(32)),
  },
  "offline backend": { CONVEX_CLOUD_URL: "http://127.0.0.1:3210", CONVEX_SITE_URL: "http://127.0.0.1:3211" },
};

function call(t: ReturnType<typeof newTest>, fn: PublicFunction) {
  if (fn.kind === "query") {
    return t.query(makeFunctionReference<"query">(fn.path), fn.args);
  }
  if (fn.kind === "mutation") {
    return t.mutation(makeFunctionReference<"mutation">(fn.path), fn.args);
  }
  return t.action(makeFunctionReference<"action">(fn.path), fn.args);
}

describe("anonymous callers", () => {
  it("finds the public functions by their registration flags", async () => {
    const paths = (await publicFunctions(modules)).map((f) => f.path);
    // A sample of each kind, so an enumeration that found nothing cannot pass the test below.
    expect(paths).toEqual(
      expect.arrayContaining(["workspaces:listMine", "workspaces:setWebhookSecret", "kapsoSync:check"]),
    );
    expect(paths).not.toContain("workspaces:create");
    expect(paths.length).toBeGreaterThan(30);
  });

  for (const [mode, variables] of Object.entries(MODES)) {
    it(`get UNAUTHENTICATED from every public function: ${mode}`, async () => {
      for (const [name, value] of Object.entries(variables)) {
        vi.stubEnv(name, value);
      }
      const t = newTest();
      const workspaceId = await createWorkspace(t);
      const outcomes: Record<string, unknown> = {};
      for (const fn of await publicFunctions(modules, { workspaces: workspaceId })) {
        const error = await call(t, fn).then(
          () => null,
          (e: unknown) => e,
        );
        outcomes[fn.path] = error instanceof ConvexError ? (error.data as { code?: string }).code : String(error);
      }
      const refused = Object.fromEntries(Object.keys(outcomes).map((path) => [path, "UNAUTHENTICATED"]));
      expect(outcomes).toEqual(refused);
    });
  }

  it("get nothing by presenting the local operator's subject under another issuer", async () => {
    const t = newTest();
    const workspaceId = await createWorkspace(t);
    const impostor = t.withIdentity({ subject: LOCAL_OPERATOR.subject, issuer: "https://evil.example" });
    const reads = (await publicFunctions(modules, { workspaces: workspaceId })).filter((f) => f.kind === "query");
    for (const fn of reads) {
      const result = await impostor.query(makeFunctionReference<"query">(fn.path), fn.args).then(
        (value) => ({ value }),
        (e: unknown) => ({ code: e instanceof ConvexError ? (e.data as { code?: string }).code : String(e) }),
      );
      // listMine answers an empty list to a stranger, the route checks "no such page", their own profile is empty;
      // everything else refuses them.
      const expected =
        fn.path === "workspaces:listMine"
          ? { value: [] }
          : fn.path === "profiles:mine"
            ? { value: null }
            : fn.path.startsWith("routes:")
              ? { value: false }
              : { code: "FORBIDDEN" };
      expect([fn.path, result]).toEqual([fn.path, expected]);
    }
  });
});
