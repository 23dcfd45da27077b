/**
 * What the demo fleet looks like: a few sites, device types and modules that resemble real IoT Edge
 * deployments. Kept apart from the insert code so the data reads on its own.
 */
export const DEMO_SITES = [
  { site: "berlin-plant", region: "eu-central", lines: ["press-1", "press-2", "paint"] },
  { site: "lyon-warehouse", region: "eu-west", lines: ["dock-a", "dock-b"] },
  { site: "austin-lab", region: "us-south", lines: ["bench"] },
] as const;

export const DEMO_DEVICE_TYPES = [
  { type: "gateway-x86", arch: "amd64", os: "linux", modules: ["tempSensor", "opcPublisher", "historian"] },
  { type: "rpi4-sensor-hub", arch: "arm64v8", os: "linux", modules: ["tempSensor", "filter"] },
  { type: "jetson-vision", arch: "arm64v8", os: "linux", modules: ["cameraCapture", "visionInference", "filter"] },
] as const;

export const DEMO_IMAGES: Record<string, string> = {
  tempSensor: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5",
  opcPublisher: "mcr.microsoft.com/iotedge/opc-publisher:2.9",
  historian: "edgedeck/samples/local-historian:0.4.2",
  filter: "edgedeck/samples/anomaly-filter:1.2.0",
  cameraCapture: "edgedeck/samples/camera-capture:0.9.1",
  visionInference: "edgedeck/samples/vision-inference:2.1.0",
};

export const RUNTIME_VERSION = "1.5.21";
