/**
 * Inference off the event loop: a small pool of model workers, started on first use and fed from
 * one queue. Each worker loads a model the first time a task needs it (the wasm backend runs one
 * thread per worker, so each worker holds its own copy: ~300 MB for the object detector).
 */
import { Worker } from 'node:worker_threads';
import type { LabellerRuntime, ModelName, ModelRuntimes, Task, TaskResults, WorkerResponse } from './detection.js';
import { ImageRefused } from './image-refused.js';

export { ImageRefused };

interface Job {
  id: number;
  task: Task;
  image: Uint8Array;
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

const workerUrl = new URL('./model-worker-entry.mjs', import.meta.url);

export function createWorkerPool(size: number, runtime: LabellerRuntime = 'native') {
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const queue: Job[] = [];
  const running = new Map<Worker, Job>();
  const loaded = new Map<Worker, ModelName[]>();
  const runtimes = new Map<Worker, ModelRuntimes>();
  let nextId = 0;
  let closed = false;

  const spawn = () => {
    const worker = new Worker(workerUrl, { workerData: { runtime } });
    worker.on('message', (reply: WorkerResponse) => {
      const job = running.get(worker);
      running.delete(worker);
      loaded.set(worker, reply.loaded);
      runtimes.set(worker, reply.runtimes);
      idle.push(worker);
      if (job) {
        if ('result' in reply) job.resolve(reply.result);
        else if (reply.error.code === 'Internal') job.reject(new Error(reply.error.message));
        else job.reject(new ImageRefused(reply.error.code, reply.error.message));
      }
      pump();
    });
    worker.on('error', (error) => {
      const job = running.get(worker);
      running.delete(worker);
      loaded.delete(worker);
      runtimes.delete(worker);
      all.splice(all.indexOf(worker), 1);
      job?.reject(new Error(`Model worker failed: ${error.message}`));
      if (!closed) pump();
    });
    worker.unref();
    all.push(worker);
    idle.push(worker);
  };

  const pump = () => {
    while (queue.length && !closed) {
      if (!idle.length && all.length < size) spawn();
      const worker = idle.pop();
      if (!worker) return;
      const job = queue.shift()!;
      running.set(worker, job);
      worker.ref();
      worker.postMessage({ id: job.id, task: job.task, image: job.image });
    }
    if (!queue.length) for (const w of idle) w.unref();
  };

  return {
    run<T extends Task>(task: T, image: Uint8Array): Promise<TaskResults[T['kind']]> {
      if (closed) return Promise.reject(new Error('Labeller is closed'));
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, task, image, resolve: resolve as (r: unknown) => void, reject });
        pump();
      });
    },
    /** The models loaded in any worker, as of each worker's last answer. */
    loadedModels(): ModelName[] {
      return [...new Set([...loaded.values()].flat())].sort();
    },
    /** What each loaded model runs on, as of each worker's last answer. */
    modelRuntimes(): ModelRuntimes {
      return Object.assign({}, ...runtimes.values()) as ModelRuntimes;
    },
    /** Starts a worker now instead of on the first image (models still load on first use). */
    warm: () => {
      if (!all.length) spawn();
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('Labeller is closed'));
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
