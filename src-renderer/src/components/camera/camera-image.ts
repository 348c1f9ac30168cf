/**
 * The document camera's picture work, in plain canvas code: the capture at the stream's own
 * size, turning by quarter turns, cutting to a rectangle, finding the page on the desk, and
 * the JPEG that is attached like a scan.
 */

/** A rectangle as fractions (0..1) of the turned picture. */
export interface CropBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const FULL_FRAME: CropBox = { left: 0, top: 0, right: 1, bottom: 1 };

/** Grabs the video's current frame at the size the camera delivers (its highest, see below). */
export function grabFrame(video: HTMLVideoElement): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d')?.drawImage(video, 0, 0);
  return canvas;
}

/** The frame turned by `quarterTurns` x 90° clockwise, then cut to the box. */
export function renderEdited(
  source: HTMLCanvasElement,
  quarterTurns: number,
  box: CropBox,
): HTMLCanvasElement {
  const turns = ((quarterTurns % 4) + 4) % 4;
  const turnedWidth = turns % 2 === 0 ? source.width : source.height;
  const turnedHeight = turns % 2 === 0 ? source.height : source.width;
  const turned = document.createElement('canvas');
  turned.width = turnedWidth;
  turned.height = turnedHeight;
  const context = turned.getContext('2d');
  if (context) {
    context.translate(turnedWidth / 2, turnedHeight / 2);
    context.rotate((turns * Math.PI) / 2);
    context.drawImage(source, -source.width / 2, -source.height / 2);
  }
  const x = Math.round(box.left * turnedWidth);
  const y = Math.round(box.top * turnedHeight);
  const width = Math.max(1, Math.round((box.right - box.left) * turnedWidth));
  const height = Math.max(1, Math.round((box.bottom - box.top) * turnedHeight));
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  out.getContext('2d')?.drawImage(turned, x, y, width, height, 0, 0, width, height);
  return out;
}

/**
 * Finds the page on the desk: document cameras look down at a light sheet on a darker
 * mat, so the page is the largest run of bright rows and columns. Works on a small copy;
 * returns the whole frame when nothing stands out.
 */
export function detectPage(source: HTMLCanvasElement): CropBox {
  const scale = Math.min(1, 200 / Math.max(source.width, source.height));
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const small = document.createElement('canvas');
  small.width = width;
  small.height = height;
  const context = small.getContext('2d', { willReadFrequently: true });
  if (!context) return FULL_FRAME;
  context.drawImage(source, 0, 0, width, height);
  const pixels = context.getImageData(0, 0, width, height).data;
  const light = new Uint8Array(width * height);
  let min = 255;
  let max = 0;
  const luma = new Float32Array(width * height);
  for (let index = 0; index < width * height; index += 1) {
    const value =
      0.299 * (pixels[index * 4] ?? 0) +
      0.587 * (pixels[index * 4 + 1] ?? 0) +
      0.114 * (pixels[index * 4 + 2] ?? 0);
    luma[index] = value;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  if (max - min < 40) return FULL_FRAME;
  const threshold = (min + max) / 2;
  for (let index = 0; index < width * height; index += 1) {
    light[index] = (luma[index] ?? 0) > threshold ? 1 : 0;
  }
  const rows: number[] = [];
  const columns: number[] = [];
  for (let y = 0; y < height; y += 1) {
    let count = 0;
    for (let x = 0; x < width; x += 1) count += light[y * width + x] ?? 0;
    if (count > width * 0.2) rows.push(y);
  }
  for (let x = 0; x < width; x += 1) {
    let count = 0;
    for (let y = 0; y < height; y += 1) count += light[y * width + x] ?? 0;
    if (count > height * 0.2) columns.push(x);
  }
  const top = rows[0];
  const bottom = rows.at(-1);
  const left = columns[0];
  const right = columns.at(-1);
  if (top === undefined || bottom === undefined || left === undefined || right === undefined) {
    return FULL_FRAME;
  }
  const box = {
    left: left / width,
    top: top / height,
    right: (right + 1) / width,
    bottom: (bottom + 1) / height,
  };
  // A "page" covering almost nothing is noise; covering everything needs no cut.
  const area = (box.right - box.left) * (box.bottom - box.top);
  return area < 0.05 ? FULL_FRAME : box;
}

/** The picture as JPEG, base64 without the data: prefix (as an upload carries it). */
export async function toJpegBase64(canvas: HTMLCanvasElement, quality = 0.92): Promise<string> {
  const blob = await new Promise<Blob | null>((resolve) =>
    canvas.toBlob(resolve, 'image/jpeg', quality),
  );
  if (!blob) throw new Error('JPEG encoding failed');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

/**
 * Opens the chosen camera at its highest resolution: asks for far more than any camera has
 * (the browser then picks the largest it offers), then raises the track to the maximum its
 * capabilities state, where the browser allows it.
 */
export async function openCamera(label: string): Promise<MediaStream> {
  let deviceId: string | undefined;
  if (label) {
    const devices = await navigator.mediaDevices.enumerateDevices();
    deviceId = devices.find(
      (device) => device.kind === 'videoinput' && device.label === label,
    )?.deviceId;
  }
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: {
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
      width: { ideal: 8192 },
      height: { ideal: 8192 },
    },
  });
  const track = stream.getVideoTracks()[0];
  const capabilities = track?.getCapabilities?.();
  const maxWidth = capabilities?.width?.max;
  const maxHeight = capabilities?.height?.max;
  if (track && maxWidth && maxHeight) {
    await track.applyConstraints({ width: maxWidth, height: maxHeight }).catch(() => undefined);
  }
  return stream;
}

/** The names of the cameras the system lists (asks once for access so names are given). */
export async function listCameras(): Promise<string[]> {
  const named = async () =>
    (await navigator.mediaDevices.enumerateDevices())
      .filter((device) => device.kind === 'videoinput' && device.label)
      .map((device) => device.label);
  const first = await named();
  if (first.length > 0) return first;
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
  for (const track of stream.getTracks()) track.stop();
  return named();
}

/** What the clerk reads when the camera cannot be opened, by the browser's error name. */
export function cameraProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return '没有使用摄像头的权限。请在本机允许本程序使用摄像头后重试。';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return '未找到高拍仪。请检查高拍仪的 USB 线，或请负责人在“本柜台设置”中重新选择摄像头。';
    case 'NotReadableError':
    case 'AbortError':
      return '高拍仪正被其他程序使用。请关闭高拍仪厂商的程序后重试。';
    default:
      return '无法打开高拍仪。请重新插拔高拍仪后重试；仍不行可改用扫描件上传。';
  }
}
