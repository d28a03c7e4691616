import { DeliveriesPage } from "@/components/deliveries/DeliveriesPage";

export default function Page() {
  return <DeliveriesPage />;
}
