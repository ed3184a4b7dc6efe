/**
 * The environment variable that marks every process a test run starts. The global setup sets it
 * to a value unique to the run; processes inherit it from the test workers, and the teardown
 * finds any survivors again through /proc/<pid>/environ.
 */
export const TEST_RUN_MARKER = 'BLOBS_TEST_RUN';
