/**
 * Inference off the event loop: a small pool of model workers (each ~300 MB, since the wasm
 * backend runs one thread per worker), started on first use, fed from one queue.
 */
import { Worker } from 'node:worker_threads';
import type { DetectionResult, WorkerResponse } from './detection.js';

export class InvalidImageFormat extends Error {}

interface Job {
  id: number;
  image: Uint8Array;
  resolve: (r: DetectionResult) => void;
  reject: (e: Error) => void;
}

const workerUrl = new URL('./model-worker-entry.mjs', import.meta.url);

export function createWorkerPool(size: number) {
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const queue: Job[] = [];
  const running = new Map<Worker, Job>();
  let nextId = 0;
  let closed = false;

  const spawn = () => {
    const worker = new Worker(workerUrl);
    worker.on('message', (reply: WorkerResponse) => {
      const job = running.get(worker);
      running.delete(worker);
      idle.push(worker);
      if (job) {
        if ('result' in reply) job.resolve(reply.result);
        else job.reject(reply.error.code === 'InvalidImageFormat' ? new InvalidImageFormat(reply.error.message) : new Error(reply.error.message));
      }
      pump();
    });
    worker.on('error', (error) => {
      const job = running.get(worker);
      running.delete(worker);
      all.splice(all.indexOf(worker), 1);
      job?.reject(new Error(`Labeller worker failed: ${error.message}`));
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
      worker.postMessage({ id: job.id, image: job.image });
    }
    if (!queue.length) for (const w of idle) w.unref();
  };

  return {
    detect(image: Uint8Array): Promise<DetectionResult> {
      if (closed) return Promise.reject(new Error('Labeller is closed'));
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, image, resolve, reject });
        pump();
      });
    },
    /** Loads the model now instead of on the first image. */
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
