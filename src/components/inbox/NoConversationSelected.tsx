import { EmptyState } from "@/components/ui/states";

/** The thread pane when no conversation is selected (its own module: the list page loads none of the thread's code). */
export function NoConversationSelected() {
  return (
    <div className="hidden flex-1 items-center justify-center bg-muted p-6 lg:flex">
      <EmptyState title="Pick a conversation" className="max-w-sm bg-card">
        Choose one from the list to read it and reply. Use ↑ and ↓ to move through the list and Enter to open.
      </EmptyState>
    </div>
  );
}
