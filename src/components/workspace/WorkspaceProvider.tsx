"use client";
import * as React from "react";
import { useConvexAuth, useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useTranslations } from "next-intl";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import type { Role } from "@convex/permissions";
import { ErrorState, LoadingState, EmptyState } from "@/components/ui/states";
import { useErrorMessage } from "@/lib/errors";

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

function WorkspacesFailed({ error }: { error: unknown }) {
  const t = useTranslations("common.workspace");
  const errorMessage = useErrorMessage();
  return <ErrorState title={t("loadFailed")} message={errorMessage(error)} className="m-8" />;
}

class QueryErrorBoundary extends React.Component<{ children: React.ReactNode }, { error: unknown }> {
  state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  render() {
    if (this.state.error) {
      return <WorkspacesFailed error={this.state.error} />;
    }
    return this.props.children;
  }
}

type Acceptance = FunctionReturnType<typeof api.invitations.acceptMine>;

/**
 * Claims the caller's invitations once per load (it also refreshes their name and email on their member rows);
 * null once done when it failed, which leaves the workspaces query to report the problem.
 */
function useAcceptedInvitations(signedIn: boolean): Acceptance | null | "pending" {
  const accept = useMutation(api.invitations.acceptMine);
  const [outcome, setOutcome] = React.useState<Acceptance | null | "pending">("pending");
  React.useEffect(() => {
    if (!signedIn) {
      return;
    }
    let live = true;
    accept({}).then(
      (result) => live && setOutcome(result),
      () => live && setOutcome(null),
    );
    return () => {
      live = false;
    };
  }, [accept, signedIn]);
  return outcome;
}

const code = (chunks: React.ReactNode) => <code>{chunks}</code>;

function NoWorkspace({ acceptance }: { acceptance: Acceptance | null }) {
  const t = useTranslations("common.workspace");
  let who: React.ReactNode;
  if (acceptance?.email && !acceptance.emailVerified) {
    who = t("emailUnverified", { email: acceptance.email });
  } else if (acceptance?.email) {
    who = t("signedInAs", { email: acceptance.email });
  } else if (acceptance) {
    who = t.rich("noEmail", { code });
  } else {
    who = t("askAdmin");
  }
  return (
    <EmptyState title={t("noWorkspace")} className="m-8">
      {who} {t.rich("createHint", { code })}
    </EmptyState>
  );
}

function WorkspaceLoader({ children }: { children: React.ReactNode }) {
  const t = useTranslations("common.workspace");
  // Until Convex has accepted the sign-in token (Clerk may still be loading), a call would run as nobody.
  const auth = useConvexAuth();
  const workspaces = useQuery(api.workspaces.listMine, auth.isAuthenticated ? {} : "skip");
  const acceptance = useAcceptedInvitations(auth.isAuthenticated);
  // The server renders the loading state, so reading storage on the first client render is safe.
  const [selected, setSelected] = React.useState<string | null>(() =>
    typeof window === "undefined" ? null : window.localStorage.getItem(STORAGE_KEY),
  );
  const selectWorkspace = React.useCallback((id: Id<"workspaces">) => {
    window.localStorage.setItem(STORAGE_KEY, id);
    setSelected(id);
  }, []);

  if (!auth.isLoading && !auth.isAuthenticated) {
    return <ErrorState title={t("notSignedIn")} message={t("notSignedInHint")} className="m-8" />;
  }
  if (workspaces === undefined) {
    return <LoadingState label={t("loading")} className="min-h-[50vh]" />;
  }
  if (workspaces.length === 0) {
    // A first sign-in may be about to join a workspace it was invited to.
    return acceptance === "pending" ? (
      <LoadingState label={t("checkingInvitations")} className="min-h-[50vh]" />
    ) : (
      <NoWorkspace acceptance={acceptance} />
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
