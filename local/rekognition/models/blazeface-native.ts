/**
 * BlazeFace on onnxruntime-node, as both the object detector and the face analyser run it: the
 * converted model's four outputs joined in anchor order, then human's decoding (blazeface-decode.ts).
 */
import { BLAZEFACE_ANCHORS, type BlazefaceFace, decodeBlazeface } from './blazeface-decode.js';
import { BLAZEFACE_SIZE, blazefaceInput } from './blazeface-input.js';
import type { Rgb } from './image-warp.js';
import type { OrtModule } from './onnx-session.js';

type Session = Awaited<ReturnType<OrtModule['InferenceSession']['create']>>;

/** Outputs (TensorFlow names): logits and regressors of the 512 stride-16 anchors, then of the 384 stride-32 ones. */
const LOGITS = ['Identity', 'Identity_1'];
const REGRESSORS = ['Identity_2', 'Identity_3'];

export async function runBlazeface(ort: OrtModule, session: Session, image: Rgb<Uint8Array>, o: { minScore: number; maxDetected: number }): Promise<BlazefaceFace[]> {
  const input = new ort.Tensor('float32', blazefaceInput(image.data, image.width, image.height), [1, BLAZEFACE_SIZE, BLAZEFACE_SIZE, 3]);
  const out = await session.run({ [session.inputNames[0]!]: input });
  // Copied into one typed array: going through JS arrays cost ~1 ms a call for the 14,336 regressors.
  const joined = (names: string[]) => {
    const parts = names.map((n) => out[n]!.data as Float32Array);
    const all = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0));
    let at = 0;
    for (const part of parts) {
      all.set(part, at);
      at += part.length;
    }
    return all;
  };
  const logits = joined(LOGITS);
  if (logits.length !== BLAZEFACE_ANCHORS) throw new Error(`BlazeFace gave ${logits.length} scores for ${BLAZEFACE_ANCHORS} anchors`);
  return decodeBlazeface(logits, joined(REGRESSORS), image, o);
}
