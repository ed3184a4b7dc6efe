/**
 * The in-process functions write their EMF lines to this process's stdout, as a Lambda function
 * writes them to its log stream. This tap takes those lines out of the terminal (they are for
 * CloudWatch, not for reading) and hands them to whoever listens; every other write passes.
 */
import { parseEmfLine, type EmfSample } from './emf.js';

type Listener = (samples: EmfSample[]) => void;
const listeners = new Set<Listener>();
let restore: (() => void) | undefined;

function install(): void {
  const stdout = process.stdout;
  const previous = stdout.write;
  stdout.write = function write(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : undefined;
    if (text === undefined || !text.includes('"_aws"')) return previous.call(this, chunk as string, ...(rest as []));
    const kept: string[] = [];
    for (const line of text.split('\n')) {
      const samples = parseEmfLine(line.trim());
      if (samples) for (const listener of listeners) listener(samples);
      else kept.push(line);
    }
    const remainder = kept.join('\n');
    if (remainder !== '') return previous.call(this, remainder, ...(rest as []));
    const callback = rest.find((r): r is () => void => typeof r === 'function');
    callback?.();
    return true;
  } as typeof stdout.write;
  restore = () => {
    stdout.write = previous;
  };
}

/** Listens to the EMF lines written from now on; the returned function stops listening. */
export function tapEmf(listener: Listener): () => void {
  if (listeners.size === 0) install();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      restore?.();
      restore = undefined;
    }
  };
}
