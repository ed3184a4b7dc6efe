/**
 * The suite's order: its longest files first, then vitest's own order. Most of these files wait
 * (visibility timeouts, leases, restarts, a paced queue) rather than compute, so started first
 * their waits overlap the short files' work; started last, one of them would run alone at the end
 * while the other workers sit idle. A fresh clone has no timing cache, so vitest alone would
 * order them by file size.
 *
 * The list is measured: per-file durations from
 * `npx vitest run --reporter=json --outputFile.json=durations.json` (endTime − startTime), the
 * files over 20 s on a quiet 2-core machine, longest first. A file missing from it only runs
 * in vitest's order; keep it roughly current.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const LONGEST_FILES = [
  'test/hardening/crash-recovery.test.ts',
  'test/hardening/uploads-queue.test.ts',
  'test/hardening/paced-load.test.ts',
  'test/hardening/load.test.ts',
  'test/iam/grant-removal.test.ts',
  'test/rehearse/rehearse-cli.test.ts',
  'test/cli/account.test.ts',
  'test/web/gallery.test.ts',
  'test/rekognition/image-properties.test.ts',
];

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const i = LONGEST_FILES.findIndex((name) => file.moduleId.endsWith(name));
      return i === -1 ? LONGEST_FILES.length : i;
    };
    const rest = await super.sort(files.filter((f) => rank(f) === LONGEST_FILES.length));
    return [...files.filter((f) => rank(f) < LONGEST_FILES.length).sort((a, b) => rank(a) - rank(b)), ...rest];
  }
}
