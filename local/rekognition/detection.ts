/**
 * What the model workers compute for one image, before the operations name it the Rekognition
 * way, and the messages between the pool and its workers.
 */

/** [left, top, width, height] as ratios of the image. */
export type Box = [number, number, number, number];

export interface Detection {
  /** COCO class name, or 'face'. */
  className: string;
  /** The model's own score, 0..1. */
  score: number;
  box: Box;
}

export interface DetectionResult {
  width: number;
  height: number;
  detections: Detection[];
}

export interface RawColor {
  red: number;
  green: number;
  blue: number;
  /** Share of the region's pixels, 0..100. */
  pixelPercent: number;
}

export interface RawQuality {
  brightness: number;
  sharpness: number;
  contrast: number;
}

export interface RawRegion {
  quality: RawQuality;
  colors: RawColor[];
}

export interface RawImageProperties {
  image: RawRegion;
  /** Absent when no detector box covers any pixel. */
  foreground?: RawRegion;
  background?: RawRegion;
}

export interface RawWord {
  text: string;
  confidence: number;
  /** [x0, y0, x1, y1] in pixels of the original image. */
  bbox: [number, number, number, number];
}

export interface RawLine extends RawWord {
  words: RawWord[];
}

export interface RawFace {
  /** The face mesh's confidence, 0..1 (the detector's alone where the mesh is off). */
  score: number;
  box: Box;
  /** Named points as ratios of the image (Rekognition's landmark types). */
  landmarks: Record<string, [number, number]>;
  /** Degrees. */
  pose?: { roll: number; yaw: number; pitch: number };
  age?: number;
  gender?: { value: 'male' | 'female'; score: number };
  /** human's emotion names → probability 0..1. */
  emotions?: Record<string, number>;
  quality?: { brightness: number; sharpness: number };
}

/** The models a worker can load, each on first use. */
/** What the converted models run on (BLOBS_LABELLER_RUNTIME): onnxruntime-node, or TensorFlow.js on wasm. */
export const LABELLER_RUNTIMES = ['native', 'wasm'] as const;
export type LabellerRuntime = (typeof LABELLER_RUNTIMES)[number];

export type ModelName = 'object-detector' | 'text-reader' | 'face-analyser' | 'moderation-classifier';

export type Task =
  /** properties.minScore: only detections at least this sure mark the foreground. */
  | { kind: 'labels'; objects: boolean; properties?: { maxDominantColors: number; minScore: number } }
  | { kind: 'text' }
  | { kind: 'faces' }
  | { kind: 'moderation' };

export interface TaskResults {
  labels: { width: number; height: number; detections: Detection[]; properties?: RawImageProperties };
  text: { width: number; height: number; lines: RawLine[] };
  faces: { width: number; height: number; faces: RawFace[] };
  moderation: { width: number; height: number; classes: Record<string, number> };
}

/** Why an image was refused, named after the Rekognition exception it becomes. */
export type RefusalCode = 'InvalidImageFormat' | 'ImageTooLarge' | 'InvalidParameter';

export type WorkerRequest = { id: number; task: Task; image: Uint8Array };
/** What each loaded model runs on (models with one runtime only, such as Tesseract, are left out). */
export type ModelRuntimes = Partial<Record<ModelName, LabellerRuntime>>;

export type WorkerResponse = { id: number; loaded: ModelName[]; runtimes: ModelRuntimes } & ({ result: TaskResults[Task['kind']] } | { error: { code: RefusalCode | 'Internal'; message: string } });
