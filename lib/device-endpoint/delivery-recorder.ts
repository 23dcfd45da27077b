import { recordDesiredDeliveries, type DeliveryVia, type DesiredDelivery } from "@/lib/data/record-desired-deliveries";
import { clientIdOf, type MqttIdentity } from "@/lib/domain/mqtt";

/** Long enough to gather a deployment's pushes or a reconnect storm's GETs, short for a console. */
const FLUSH_MS = 200;

/**
 * Gathers "desired version N delivered to this identity" (pushes sent, twin GETs answered) and
 * writes them in batches (recordDesiredDeliveries): the highest version per identity, one
 * statement per flush. A failed write is logged; the next delivery to the identity records it again.
 */
export class DeliveryRecorder {
  private batch = new Map<string, DesiredDelivery>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  delivered(identity: MqttIdentity, version: number, via: DeliveryVia): void {
    const key = clientIdOf(identity);
    const known = this.batch.get(key);
    if (known && known.version >= version) return;
    this.batch.set(key, { ...identity, version, via });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes what is gathered now (also at shutdown); resolves when every write so far is done. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const deliveries = [...this.batch.values()];
    this.batch = new Map();
    if (deliveries.length > 0) {
      this.writing = this.writing.then(() =>
        recordDesiredDeliveries(deliveries, new Date()).then(
          () => undefined,
          (error: unknown) => console.error(`[mqtt] ${deliveries.length} desired deliveries not recorded`, error),
        ),
      );
    }
    return this.writing;
  }
}
