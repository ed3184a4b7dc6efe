/**
 * human's face geometry (face/facemeshutil.ts, face/angles.ts) in the project's code: the roll
 * BlazeFace's keypoints give, the rotation matrices FaceMesh's points are turned back with, the
 * mesh's box, and the head's pitch, yaw and roll from the mesh. Pixels of the image human was
 * given (here the padded square).
 */
import type { Point } from './blazeface-decode.js';

type Matrix = number[][];
export type MeshPoint = [number, number, number];

/** BlazeFace keypoints human measures roll along (mouth, nose: facemeshcoords.ts's symmetryLine). */
const SYMMETRY = [3, 2] as const;
/** Below this roll (radians) human neither rotates the crop nor the points. */
const LARGE_ANGLE = 0.2;

const normalizeRadians = (angle: number) => angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));

/** The face's roll from BlazeFace's keypoints; 0 when human would not rotate for it. */
export function faceRoll(landmarks: Point[]): number {
  const [a, b] = [landmarks[SYMMETRY[0]]!, landmarks[SYMMETRY[1]]!];
  const angle = normalizeRadians(Math.PI / 2 - Math.atan2(-(b[1] - a[1]), b[0] - a[0]));
  return Math.abs(angle) > LARGE_ANGLE ? angle : 0;
}

const dot = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);
const multiply = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0]!.map((_, col) => dot(row, b.map((r) => r[col]!))));
const translation = (x: number, y: number): Matrix => [
  [1, 0, x],
  [0, 1, y],
  [0, 0, 1],
];

export function rotationMatrix(radians: number, center: Point): Matrix {
  const [cos, sin] = [Math.cos(radians), Math.sin(radians)];
  const rotation = [
    [cos, -sin, 0],
    [sin, cos, 0],
    [0, 0, 1],
  ];
  return multiply(multiply(translation(center[0], center[1]), rotation), translation(-center[0], -center[1]));
}

function invert(m: Matrix): Matrix {
  const r = [
    [m[0]![0]!, m[1]![0]!],
    [m[0]![1]!, m[1]![1]!],
  ];
  const t = [m[0]![2]!, m[1]![2]!];
  return [
    [...r[0]!, -dot(r[0]!, t)],
    [...r[1]!, -dot(r[1]!, t)],
    [0, 0, 1],
  ];
}

const centre = (start: Point, end: Point): [number, number, number] => [start[0] + (end[0] - start[0]) / 2, start[1] + (end[1] - start[1]) / 2, 1];

/** FaceMesh's points (in its crop's pixels, `cropSize` square) back to the image, whole pixels, as transformRawCoords does. */
export function meshToImage(raw: Float32Array, box: { start: Point; end: Point }, roll: number, cropSize: number): MeshPoint[] {
  const size = [Math.abs(box.end[0] - box.start[0]), Math.abs(box.end[1] - box.start[1])];
  const c = centre(box.start, box.end);
  const turn = roll ? rotationMatrix(roll, [0, 0]) : undefined;
  const inverse = roll ? invert(rotationMatrix(-roll, [c[0], c[1]])) : undefined;
  const offsets = inverse ? [dot(c, inverse[0]!), dot(c, inverse[1]!)] : [c[0], c[1]];
  const points: MeshPoint[] = [];
  for (let i = 0; i < raw.length; i += 3) {
    const scaled = [(size[0]! / cropSize) * (raw[i]! - cropSize / 2), (size[1]! / cropSize) * (raw[i + 1]! - cropSize / 2), raw[i + 2]!];
    const [x, y] = turn ? [dot(scaled, turn[0]!), dot(scaled, turn[1]!)] : scaled;
    points.push([Math.trunc(x! + offsets[0]!), Math.trunc(y! + offsets[1]!), Math.trunc(scaled[2]!)]);
  }
  return points;
}

/** The detector's box size about the mesh's centre (calculateFaceBox). */
export function meshBox(mesh: MeshPoint[], box: { start: Point; end: Point }): { start: Point; end: Point } {
  const xs = mesh.map((p) => p[0]);
  const ys = mesh.map((p) => p[1]);
  const c = [Math.min(...xs) + (Math.max(...xs) - Math.min(...xs)) / 2, Math.min(...ys) + (Math.max(...ys) - Math.min(...ys)) / 2];
  const half = [Math.abs(box.end[0] - box.start[0]) / 2, Math.abs(box.end[1] - box.start[1]) / 2];
  return { start: [c[0]! - half[0]!, c[1]! - half[1]!], end: [c[0]! + half[0]!, c[1]! + half[1]!] };
}

type Vector = [number, number, number];
const sub = (a: Vector, b: Vector): Vector => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vector, b: Vector): Vector => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (v: Vector): Vector => {
  const length = Math.hypot(...v);
  return [v[0] / length, v[1] / length, v[2] / length];
};

/** Pitch, yaw and roll in radians from the mesh's top, chin and cheek points (calculateFaceAngle). */
export function faceAngles(meshRaw: MeshPoint[], boxRaw: number[], imageSize: [number, number]): { pitch: number; yaw: number; roll: number } {
  const size = Math.max(boxRaw[2]! * imageSize[0], boxRaw[3]! * imageSize[1]) / 1.5;
  const [top, bottom, left, right] = [10, 152, 234, 454].map((i): Vector => [(meshRaw[i]![0] * imageSize[0]) / size, (meshRaw[i]![1] * imageSize[1]) / size, meshRaw[i]![2]]);
  const y = unit(sub(bottom!, top!));
  const z = unit(cross(unit(sub(right!, left!)), y));
  const x = cross(y, z);
  const [r00, r10, r11, r12, r20] = [x[0], y[0], y[1], y[2], z[0]];
  let [thetaX, thetaY, thetaZ] = [0, 0, 0];
  if (r10 >= 1) [thetaZ, thetaY] = [Math.PI / 2, Math.atan2(z[1], z[2])];
  else if (r10 <= -1) [thetaZ, thetaY] = [-Math.PI / 2, -Math.atan2(z[1], z[2])];
  else [thetaZ, thetaY, thetaX] = [Math.atan2(r10, Math.sqrt(r00 * r00 + r20 * r20)), Math.atan2(-r20, r00), Math.atan2(-r12, r11)];
  const zero = (v: number) => (Number.isNaN(v) ? 0 : v);
  return { pitch: -zero(thetaX), yaw: -zero(thetaY), roll: -zero(thetaZ) };
}
