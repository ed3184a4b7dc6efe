/**
 * The selection of every Blob field, shared by publishBlobLabelled (a subscriber receives only
 * what that mutation selects) and the clients' query and subscription, so all three give the
 * same shape.
 */
const QUALITY = 'brightness sharpness contrast';
const COLOURS = 'red green blue hexCode cssColor simplifiedColor pixelPercent';
const BOX = 'left top width height';
const YES_NO = 'value confidence';

export const BLOB_FIELDS = /* GraphQL */ `
  id status features contentType callbackUrl createdAt updatedAt owner
  labels { name confidence parents instances { confidence boundingBox { ${BOX} } } }
  imageProperties {
    quality { ${QUALITY} } dominantColors { ${COLOURS} }
    foreground { quality { ${QUALITY} } dominantColors { ${COLOURS} } }
    background { quality { ${QUALITY} } dominantColors { ${COLOURS} } }
  }
  text { detectedText type id parentId confidence geometry { boundingBox { ${BOX} } polygon { x y } } }
  faces {
    boundingBox { ${BOX} } confidence ageRange { low high } gender { value confidence }
    emotions { type confidence } landmarks { type x y } pose { roll yaw pitch } quality { ${QUALITY} }
    smile { ${YES_NO} } eyeglasses { ${YES_NO} } sunglasses { ${YES_NO} } beard { ${YES_NO} } mustache { ${YES_NO} }
    eyesOpen { ${YES_NO} } mouthOpen { ${YES_NO} } faceOccluded { ${YES_NO} } eyeDirection { yaw pitch confidence }
  }
  moderationLabels { name parentName confidence taxonomyLevel }
  featureErrors { feature code message }
  error { code message }
  image { width height format sizeBytes takenAt cameraMake cameraModel }
  callbackDelivery { delivered attempts lastStatusCode lastError lastAttemptAt }
`;
