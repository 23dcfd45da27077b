import { NotYetAvailable } from "@/components/shell/not-yet-available";

export default function DeploymentsPage() {
  return <NotYetAvailable title="Deployments" what="Composing, targeting and rolling out deployments is not part of this version of EdgeDeck yet." />;
}
