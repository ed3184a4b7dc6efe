/**
 * Per-file progress on stderr (stdout stays clean for the table or --json): a bar per file on a
 * terminal, one line per step otherwise (CI logs, pipes, tests).
 */
import cliProgress from 'cli-progress';
import type { LabelImageStatus } from '../client/index.js';
import type { FileOutcome, FileProgress } from './run-files.js';

const STAGE_TEXT: Record<LabelImageStatus['stage'], string> = {
  creating: 'creating blob',
  subscribing: 'subscribing',
  uploading: 'uploading',
  processing: 'labelling',
  reconnecting: 'reconnecting',
  done: 'done',
};

export interface ProgressDisplay extends FileProgress {
  stop(): void;
}

export function progressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  return stream.isTTY ? barDisplay(stream) : lineDisplay(stream);
}

const outcomeText = (o: FileOutcome) => (o.ok ? `${o.status} (${o.labels?.length ?? 0} labels)` : `${o.status} ${o.error?.code}: ${o.error?.message}`);

function barDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  const multibar = new cliProgress.MultiBar(
    { stream, format: '{bar} {percentage}% {file} | {stage}', hideCursor: true, clearOnComplete: false, barsize: 20, forceRedraw: true },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const bar = (file: string) => bars.get(file) ?? bars.set(file, multibar.create(1, 0, { file, stage: 'starting' })).get(file)!;
  return {
    onStatus: (file, status) => void bar(file).update({ stage: STAGE_TEXT[status.stage] }),
    onProgress: (file, sent, total) => {
      bar(file).setTotal(total);
      bar(file).update(sent);
    },
    onDone: (outcome) => {
      const b = bar(outcome.file);
      b.update(b.getTotal(), { stage: outcomeText(outcome) });
    },
    stop: () => multibar.stop(),
  };
}

function lineDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  const lastStage = new Map<string, string>();
  return {
    onStatus: (file, status) => {
      if (status.stage === 'done' || lastStage.get(file) === status.stage) return;
      lastStage.set(file, status.stage);
      stream.write(`${file}: ${STAGE_TEXT[status.stage]}${'blobId' in status ? ` (${status.blobId})` : ''}\n`);
    },
    onProgress: (file, sent, total) => {
      if (sent < total || lastStage.get(file) === 'uploaded') return;
      lastStage.set(file, 'uploaded');
      stream.write(`${file}: uploaded ${total} bytes\n`);
    },
    onDone: (outcome) => void stream.write(`${outcome.file}: ${outcomeText(outcome)}\n`),
    stop: () => {},
  };
}
