import { NotFoundPage } from "@/components/shell/NotFoundPage";

export default function NotFound() {
  return <NotFoundPage />;
}
