/** Preferred camera resolution: enough for faces across a room, small enough for a frame per detection. */
export const CAMERA_IDEAL_WIDTH = 640;
export const CAMERA_IDEAL_HEIGHT = 480;

/** A message for the page explaining why the camera could not be opened, from a getUserMedia error. */
export function cameraErrorMessage(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera access was denied. Allow the camera for this site in the browser settings, then try again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found on this device.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera is in use by another application or could not be started.';
    default:
      return `The camera could not be opened: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Opens the front camera. Rejects with a readable message (see cameraErrorMessage). */
export async function openCamera(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error('This page cannot use a camera: it needs a secure context (https or localhost).');
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        facingMode: 'user',
        width: { ideal: CAMERA_IDEAL_WIDTH },
        height: { ideal: CAMERA_IDEAL_HEIGHT },
      },
    });
  } catch (error) {
    throw new Error(cameraErrorMessage(error));
  }
}

/** Stops every track, which turns the camera light off. */
export function closeCamera(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
