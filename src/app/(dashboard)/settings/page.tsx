import { WorkspaceSettingsPage } from "@/components/settings/WorkspaceSettingsPage";

export default function Page() {
  return <WorkspaceSettingsPage />;
}
