/** The JSON the device page reads (GET /api/devices/{id}, GET /api/twins/{id}/modules/$edgeAgent). */
export type DeviceIdentity = {
  deviceId: string;
  etag: string;
  status: "enabled" | "disabled";
  statusReason: string | null;
  statusUpdatedTime: string;
  connectionState: "Connected" | "Disconnected";
  connectionStateUpdatedTime: string;
  lastActivityTime: string;
  authentication: {
    type: string;
    symmetricKey: { primaryKey: string | null; secondaryKey: string | null };
    x509Thumbprint: { primaryThumbprint: string | null; secondaryThumbprint: string | null };
  };
  capabilities: { iotEdge: boolean };
  parentScopes: string[];
  modelId: string;
};

export type ModuleTwin = {
  deviceId: string;
  moduleId: string;
  properties: {
    desired: Record<string, unknown>;
    reported: Record<string, unknown> & { $metadata?: Record<string, unknown> };
  };
};
