import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shell/PageHeader";
import { LeadsList } from "@/components/leads/LeadsList";

export default async function LeadsPage() {
  const t = await getTranslations("pages.leads");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <LeadsList />
    </>
  );
}
