import { NotYetAvailable } from "@/components/shell/not-yet-available";

export default function RegistriesPage() {
  return <NotYetAvailable title="Registries" what="Browsing container registries and their images is not part of this version of EdgeDeck yet." />;
}
