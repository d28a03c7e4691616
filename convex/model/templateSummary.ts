import { v } from "convex/values";
import type { Infer } from "convex/values";
import type { TemplateSummary } from "../../src/domain/templates";

/** A template as templates.list returns it: the shape of TemplateSummary (src/domain/templates.ts). */
export const templateSummary = v.object({
  name: v.string(),
  language: v.string(),
  category: v.optional(v.string()),
  body: v.string(),
  header: v.optional(v.string()),
  footer: v.optional(v.string()),
  placeholders: v.array(v.string()),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _matchesDomain: Same<Infer<typeof templateSummary>, TemplateSummary> = true;
