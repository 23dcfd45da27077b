import { mergePatchDiff } from "@/lib/domain/edge-runtime";
import type { JsonObject } from "@/lib/domain/twins";
import type { IdentityConnection } from "./identity-connection";

/**
 * Sends an identity's reported document as minimal merge patches against what the hub holds, one
 * PATCH at a time; a newer document replaces a queued one, so only the latest state is sent.
 */
export class ReportedSender {
  private sent: JsonObject | null = null;
  private latest: JsonObject | null = null;
  private isSending = false;

  constructor(
    private readonly connection: IdentityConnection,
    private readonly log: (line: string) => void,
  ) {}

  /** What the hub holds (from a twin GET). */
  hubHolds(reported: JsonObject): void {
    this.sent = reported;
  }

  async send(doc?: JsonObject): Promise<void> {
    if (doc) this.latest = doc;
    if (this.isSending) return;
    this.isSending = true;
    try {
      while (this.latest && this.connection.isConnected) {
        const next = this.latest;
        const patch = mergePatchDiff(this.sent ?? {}, next);
        if (Object.keys(patch).length === 0) break;
        await this.connection.patchReported(patch);
        this.sent = next;
      }
    } catch (error) {
      this.log(`${this.connection.clientId}: report failed: ${(error as Error).message}`);
    } finally {
      this.isSending = false;
    }
  }
}
