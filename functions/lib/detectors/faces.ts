/**
 * DetectFaces → FACES. Attributes ALL, because the schema exposes every attribute DetectFaces
 * has; an attribute the service leaves out (the offline models give no beard or glasses) is null.
 */
import { DetectFacesCommand } from '@aws-sdk/client-rekognition';
import type { FaceAttribute, FaceDetail } from '../../../api/generated/graphql.js';
import { box, round, roundOrNull, s3Image, type Detector } from './port.js';

const yesNo = (a: { Value?: boolean; Confidence?: number } | undefined): FaceAttribute | null => (a && a.Value !== undefined ? { value: a.Value, confidence: round(a.Confidence) } : null);

export const faceDetector: Detector = {
  operation: 'DetectFaces',
  answers: ['FACES'],
  async detect(client, image) {
    const out = await client.send(new DetectFacesCommand({ Image: s3Image(image), Attributes: ['ALL'] }));
    const faces: FaceDetail[] = (out.FaceDetails ?? []).map((f) => ({
      boundingBox: box(f.BoundingBox),
      confidence: round(f.Confidence),
      ageRange: f.AgeRange ? { low: f.AgeRange.Low ?? null, high: f.AgeRange.High ?? null } : null,
      gender: f.Gender?.Value ? { value: f.Gender.Value, confidence: round(f.Gender.Confidence) } : null,
      emotions: f.Emotions ? f.Emotions.map((e) => ({ type: e.Type ?? 'UNKNOWN', confidence: round(e.Confidence) })) : null,
      landmarks: f.Landmarks ? f.Landmarks.map((l) => ({ type: l.Type ?? 'unknown', x: round(l.X, 4), y: round(l.Y, 4) })) : null,
      pose: f.Pose ? { roll: roundOrNull(f.Pose.Roll, 2), yaw: roundOrNull(f.Pose.Yaw, 2), pitch: roundOrNull(f.Pose.Pitch, 2) } : null,
      quality: f.Quality ? { brightness: roundOrNull(f.Quality.Brightness, 2), sharpness: roundOrNull(f.Quality.Sharpness, 2), contrast: null } : null,
      smile: yesNo(f.Smile),
      eyeglasses: yesNo(f.Eyeglasses),
      sunglasses: yesNo(f.Sunglasses),
      beard: yesNo(f.Beard),
      mustache: yesNo(f.Mustache),
      eyesOpen: yesNo(f.EyesOpen),
      mouthOpen: yesNo(f.MouthOpen),
      faceOccluded: yesNo(f.FaceOccluded),
      eyeDirection: f.EyeDirection ? { yaw: roundOrNull(f.EyeDirection.Yaw, 2), pitch: roundOrNull(f.EyeDirection.Pitch, 2), confidence: roundOrNull(f.EyeDirection.Confidence) } : null,
    }));
    return { faces };
  },
};
