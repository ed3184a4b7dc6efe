export { startLocalRekognition, type LocalRekognitionOptions } from './server.js';
export { createLabeller, type Labeller } from './labeller.js';
