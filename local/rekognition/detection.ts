/** What the on-device model reports for one image, before it is named the Rekognition way. */
export interface Detection {
  /** COCO class name, or 'face'. */
  className: string;
  /** The model's own score, 0..1. */
  score: number;
  /** [left, top, width, height] as ratios of the image. */
  box: [number, number, number, number];
}

export interface DetectionResult {
  width: number;
  height: number;
  detections: Detection[];
}

export type WorkerRequest = { id: number; image: Uint8Array };
export type WorkerResponse = { id: number; result: DetectionResult } | { id: number; error: { code: 'InvalidImageFormat' | 'Internal'; message: string } };
