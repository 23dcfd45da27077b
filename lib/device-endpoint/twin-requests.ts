import type { Client } from "aedes";
import { getTwin } from "@/lib/data/get-twin";
import { updateReportedProperties } from "@/lib/data/update-reported-properties";
import { AppError, isAppError, numericErrorCode } from "@/lib/domain/errors";
import { twinResponseTopic, type MqttIdentity } from "@/lib/domain/mqtt";
import { findUnstorableText } from "@/lib/domain/storable-text";
import { ClientGoneError, SessionRegistry, type Session } from "./sessions";

/** Who revisions and the audit trail name for a device-side write. */
export const actorOfIdentity = (identity: MqttIdentity) =>
  identity.moduleId === undefined ? `device:${identity.deviceId}` : `module:${identity.deviceId}/${identity.moduleId}`;

const withoutMetadata = (section: Record<string, unknown>) => {
  const { $metadata: _metadata, ...rest } = section;
  return rest;
};

/**
 * `$iothub/twin/GET` (reference §10.2): desired and reported with their `$version`, without
 * `$metadata` and without tags, as IoT Hub answers devices.
 */
export async function answerTwinGet(
  client: Client,
  identity: MqttIdentity,
  rid: string,
  onDelivered?: (version: number) => void,
): Promise<void> {
  try {
    const twin = await getTwin(identity, { forDevice: true });
    const body = { desired: withoutMetadata(twin.properties.desired), reported: withoutMetadata(twin.properties.reported) };
    await SessionRegistry.send(client, twinResponseTopic(200, rid), JSON.stringify(body));
    // The device now has every desired write up to this version: their receipt (console).
    const version = twin.properties.desired.$version;
    if (typeof version === "number") onDelivered?.(version);
  } catch (error) {
    await sendError(client, rid, error);
  }
}

/**
 * `$iothub/twin/PATCH/properties/reported`: a JSON merge patch with reported semantics, answered
 * with 204 and the new reported `$version`; a patch breaking the twin rules changes nothing and is
 * answered 400 with IoT Hub's error body (the SDK fails the update when the body has `errorCode`).
 */
export async function answerReportedPatch(client: Client, session: Session, rid: string, payload: Buffer): Promise<void> {
  const { identity } = session;
  try {
    let patch: unknown;
    try {
      patch = JSON.parse(payload.toString("utf8"));
    } catch {
      throw new AppError("ArgumentInvalid", "The reported properties patch is not valid JSON");
    }
    const unstorable = findUnstorableText(patch);
    if (unstorable !== null) {
      throw new AppError("ArgumentInvalid", "NUL characters and unpaired surrogates cannot be stored", { path: unstorable });
    }
    const known = session.reported;
    const { version, section } = await updateReportedProperties(identity, patch, { actor: actorOfIdentity(identity), now: new Date() }, known);
    // Reports of one session may overlap: keep the newest section written.
    if (!session.reported || session.reported.version < section.version) session.reported = section;
    await SessionRegistry.send(client, twinResponseTopic(204, rid, version), "");
  } catch (error) {
    await sendError(client, rid, error);
  }
}

async function sendError(client: Client, rid: string, error: unknown): Promise<void> {
  if (error instanceof ClientGoneError) return;
  const appError = isAppError(error) ? error : new AppError("ServerError", "The hub could not complete the twin request");
  if (!isAppError(error)) console.error("[mqtt] twin request failed", error);
  const body = {
    errorCode: numericErrorCode[appError.code] ?? appError.status * 1000,
    message: appError.message,
    ...(appError.details?.path ? { path: appError.details.path } : {}),
    timestampUtc: new Date().toISOString(),
  };
  await SessionRegistry.send(client, twinResponseTopic(appError.status, rid), JSON.stringify(body)).catch(() => {});
}
