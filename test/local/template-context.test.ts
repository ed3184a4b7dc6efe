/**
 * loadTemplate with deploy settings (`cdk deploy -c`): synthesized with that context, cached apart
 * from the default template, and read from the cache the second time.
 */
import { expect, it } from 'vitest';
import { loadTemplate } from '../../local/template/cache.js';
import { repoRoot } from '../support/paths.js';

const callInterval = (template: Awaited<ReturnType<typeof loadTemplate>>['template']) =>
  Object.values(template.Resources)
    .map((r) => (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables)
    .find((v) => v?.POWERTOOLS_SERVICE_NAME === 'labelBlob')?.REKOGNITION_CALL_INTERVAL_MS;

it('synthesizes a template with the given context, cached apart from the default one', async () => {
  const plain = await loadTemplate({ rootDir: repoRoot });
  const faster = await loadTemplate({ rootDir: repoRoot, context: { rekognitionTps: '10000' } });
  expect(faster.file).not.toBe(plain.file);
  // The default rekognitionTps of 5 paces each call a second apart; 10,000 a tenth of that.
  expect([callInterval(plain.template), callInterval(faster.template)]).toEqual(['1000', '100']);
  const again = await loadTemplate({ rootDir: repoRoot, context: { rekognitionTps: '10000' } });
  expect(again).toMatchObject({ file: faster.file, synthesized: false });
}, 180_000);
