"use client";
import * as React from "react";
import { useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import type { Role } from "@convex/permissions";
import { ErrorState, LoadingState, EmptyState } from "@/components/ui/states";

export type WorkspaceChoice = { _id: Id<"workspaces">; name: string; role: Role; timezone: string };

type WorkspaceContextValue = {
  workspaceId: Id<"workspaces">;
  workspace: WorkspaceChoice;
  workspaces: WorkspaceChoice[];
  role: Role;
  selectWorkspace: (id: Id<"workspaces">) => void;
};

const WorkspaceContext = React.createContext<WorkspaceContextValue | null>(null);

const STORAGE_KEY = "my21staff.workspaceId";

/** The workspace the dashboard shows; every page below the shell reads it. */
export function useWorkspace(): WorkspaceContextValue {
  const value = React.useContext(WorkspaceContext);
  if (!value) {
    throw new Error("useWorkspace must be used inside <WorkspaceProvider>");
  }
  return value;
}

/** Provides a fixed workspace, for tests and previews. */
export function WorkspaceContextProvider({
  value,
  children,
}: {
  value: WorkspaceContextValue;
  children: React.ReactNode;
}) {
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

class QueryErrorBoundary extends React.Component<{ children: React.ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    if (this.state.error) {
      return <ErrorState title="Could not load your workspaces" message={this.state.error.message} className="m-8" />;
    }
    return this.props.children;
  }
}

function WorkspaceLoader({ children }: { children: React.ReactNode }) {
  const workspaces = useQuery(api.workspaces.listMine, {});
  // The server renders the loading state, so reading storage on the first client render is safe.
  const [selected, setSelected] = React.useState<string | null>(() =>
    typeof window === "undefined" ? null : window.localStorage.getItem(STORAGE_KEY),
  );
  const selectWorkspace = React.useCallback((id: Id<"workspaces">) => {
    window.localStorage.setItem(STORAGE_KEY, id);
    setSelected(id);
  }, []);

  if (workspaces === undefined) {
    return <LoadingState label="Loading workspaces…" className="min-h-[50vh]" />;
  }
  if (workspaces.length === 0) {
    return (
      <EmptyState title="You are not a member of any workspace yet" className="m-8">
        Ask an admin to add you, or create one with <code>npx convex run workspaces:create</code>.
      </EmptyState>
    );
  }
  const workspace = workspaces.find((w) => w._id === selected) ?? workspaces[0];
  return (
    <WorkspaceContext.Provider
      value={{ workspaceId: workspace._id, workspace, workspaces, role: workspace.role, selectWorkspace }}
    >
      {children}
    </WorkspaceContext.Provider>
  );
}

export function WorkspaceProvider({ children }: { children: React.ReactNode }) {
  return (
    <QueryErrorBoundary>
      <WorkspaceLoader>{children}</WorkspaceLoader>
    </QueryErrorBoundary>
  );
}
