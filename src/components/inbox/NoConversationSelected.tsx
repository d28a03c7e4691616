import { useTranslations } from "next-intl";
import { EmptyState } from "@/components/ui/states";

/** The thread pane when no conversation is selected (its own module: the list page loads none of the thread's code). */
export function NoConversationSelected() {
  const t = useTranslations("inbox.noSelection");
  return (
    <div className="hidden flex-1 items-center justify-center bg-muted p-6 lg:flex">
      <EmptyState title={t("title")} className="max-w-sm bg-card">
        {t("body")}
      </EmptyState>
    </div>
  );
}
