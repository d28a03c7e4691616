"use client";
import { useQuery } from "convex/react";
import { makeFunctionReference } from "convex/server";

const listWorkspaces = makeFunctionReference<"query">("workspaces:listMine");

export default function Page() {
  const workspaces = useQuery(listWorkspaces);
  return <p>{workspaces === undefined ? "Loading…" : `${workspaces.length} workspaces`}</p>;
}
