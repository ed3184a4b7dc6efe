/** Every TensorFlow op the converter handles, by name; one op family per file. */
import type { OpConverter } from '../op-context.js';
import { activationOps } from './activation.js';
import { convOps } from './conv.js';
import { elementwiseOps } from './elementwise.js';
import { matmulOps } from './matmul.js';
import { poolOps } from './pool.js';
import { resizeOps } from './resize.js';
import { shapeOps } from './shape.js';

export const opConverters: Record<string, OpConverter> = {
  ...activationOps,
  ...convOps,
  ...elementwiseOps,
  ...matmulOps,
  ...poolOps,
  ...resizeOps,
  ...shapeOps,
};
