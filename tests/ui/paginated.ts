// A query resolver for FakeConvex that serves `rows` in pages the way Convex's
// .paginate() does, keyed by cursor, and records the calls it answers.

type PaginationArgs = { paginationOpts?: { numItems: number; cursor: string | null } };

export function paginated<T>(rows: T[] | (() => T[])) {
  const calls: { cursor: string | null; numItems: number }[] = [];
  const resolver = (args: Record<string, unknown>) => {
    const { numItems, cursor } = (args as PaginationArgs).paginationOpts ?? { numItems: 10, cursor: null };
    calls.push({ cursor, numItems });
    const all = typeof rows === "function" ? rows() : rows;
    const start = cursor ? Number(cursor.replace("c:", "")) : 0;
    const end = Math.min(start + numItems, all.length);
    return { page: all.slice(start, end), isDone: end >= all.length, continueCursor: `c:${end}` };
  };
  return { resolver, calls };
}
