/**
 * One model worker thread: decodes each image once with sharp and runs the task's models. Every
 * model loads the first time a task needs it, so a worker that only ever reads text never loads
 * the object detector. Everything is read from npm packages on disk; nothing reaches the network.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decode, type DecodedImage } from './decode.js';
import type { LabellerRuntime, ModelName, ModelRuntimes, Task, TaskResults, WorkerRequest, WorkerResponse } from './detection.js';
import { imageProperties } from './image-properties.js';
import { ImageRefused } from './image-refused.js';
import { installOfflineFetch } from './models/human-runtime.js';

installOfflineFetch();

const runtime: LabellerRuntime = (workerData as { runtime?: LabellerRuntime } | null)?.runtime ?? 'native';

const loaders = {
  'object-detector': () => import('./models/object-detector.js').then((m) => m.loadObjectDetector(runtime)),
  'text-reader': () => import('./models/text-reader.js').then((m) => m.loadTextReader()),
  'face-analyser': () => import('./models/face-analyser.js').then((m) => m.loadFaceAnalyser(runtime)),
  'moderation-classifier': () => import('./models/moderation-classifier.js').then((m) => m.loadModerationClassifier(runtime)),
};

type Loaded = { [K in ModelName]: Awaited<ReturnType<(typeof loaders)[K]>> };
const models = new Map<ModelName, Promise<unknown>>();
const ready = new Set<ModelName>();
const runtimes: ModelRuntimes = {};

function model<K extends ModelName>(name: K): Promise<Loaded[K]> {
  let loading = models.get(name);
  if (!loading) {
    loading = loaders[name]().then((m) => {
      ready.add(name);
      const on = (m as { runtime?: LabellerRuntime }).runtime;
      if (on) runtimes[name] = on;
      return m;
    });
    // A model that failed to load is tried again on the next task.
    loading.catch(() => models.delete(name));
    models.set(name, loading);
  }
  return loading as Promise<Loaded[K]>;
}

async function run(task: Task, image: DecodedImage): Promise<TaskResults[Task['kind']]> {
  const size = { width: image.width, height: image.height };
  switch (task.kind) {
    case 'labels': {
      // The foreground/background split needs the detector's boxes, so IMAGE_PROPERTIES loads it too.
      const detections = await (await model('object-detector'))(image);
      const wanted = task.properties;
      const properties = wanted
        ? imageProperties(
            image,
            detections.filter((d) => d.score >= wanted.minScore).map((d) => d.box),
            wanted.maxDominantColors,
          )
        : undefined;
      return { ...size, detections: task.objects ? detections : [], properties };
    }
    case 'text':
      return { ...size, lines: await (await model('text-reader'))(image) };
    case 'faces':
      return { ...size, faces: await (await model('face-analyser'))(image) };
    case 'moderation':
      return { ...size, classes: await (await model('moderation-classifier'))(image) };
  }
}

parentPort!.on('message', async ({ id, task, image }: WorkerRequest) => {
  let reply: WorkerResponse;
  try {
    reply = { id, loaded: [], runtimes, result: await run(task, await decode(image)) };
  } catch (error) {
    const code = error instanceof ImageRefused ? error.code : 'Internal';
    reply = { id, loaded: [], runtimes, error: { code, message: (error as Error).message } };
  }
  reply.loaded = [...ready].sort();
  parentPort!.postMessage(reply);
});
