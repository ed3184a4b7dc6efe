/**
 * The labelling invocation's pace (functions/lib/call-pace.ts), on a clock the test moves: calls
 * of one operation at least an interval apart, operations independent, the invocation held until
 * an interval after its last call, and no turn for a record that never calls. Then the same
 * pace applied by the real Rekognition client's middleware, against a server that records when
 * each call arrived.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DetectLabelsCommand, DetectModerationLabelsCommand } from '@aws-sdk/client-rekognition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallPace, withCallPace, type Clock } from '../../functions/lib/call-pace.js';
import { createClients } from '../../functions/lib/clients.js';

/** A clock whose sleeps return at once and move time forward by what was asked. */
function steppedClock(start = 1_000): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe('createCallPace', () => {
  it('spaces the calls of one operation an interval apart, reserving at once so concurrent callers queue', async () => {
    const clock = steppedClock();
    const pace = createCallPace(250, { now: clock.now, sleep: async () => {} });
    await Promise.all([pace.turn('DetectLabels'), pace.turn('DetectLabels'), pace.turn('DetectLabels')]);
    expect(pace.granted.get('DetectLabels')).toEqual([1_000, 1_250, 1_500]);
  });

  it('paces each operation on its own: a DetectLabels call does not delay a DetectFaces call', async () => {
    const pace = createCallPace(250, { now: () => 1_000, sleep: async () => {} });
    await Promise.all([pace.turn('DetectLabels'), pace.turn('DetectFaces'), pace.turn('DetectLabels')]);
    expect(Object.fromEntries(pace.granted)).toEqual({ DetectLabels: [1_000, 1_250], DetectFaces: [1_000] });
  });

  it('a call that comes after its turn goes at once, and the next is spaced from it, not from the start', async () => {
    const clock = steppedClock();
    const pace = createCallPace(250, clock);
    await pace.turn('DetectLabels');
    await clock.sleep(600); // the record's own work: inspecting the image
    clock.slept.length = 0;
    await pace.turn('DetectLabels');
    await pace.turn('DetectLabels');
    expect(pace.granted.get('DetectLabels')).toEqual([1_000, 1_600, 1_850]);
    expect(clock.slept).toEqual([250]);
  });

  it('settles an interval after the last call of any operation', async () => {
    const clock = steppedClock();
    const pace = createCallPace(250, clock);
    await pace.turn('DetectLabels');
    await pace.turn('DetectLabels');
    await pace.turn('DetectFaces');
    clock.slept.length = 0;
    await pace.settled();
    // The last DetectLabels call went at 1250; the slot's next may go at 1500.
    expect(clock.now()).toBe(1_500);
  });

  it('holds nothing when no call was made (every upload refused before Rekognition) or when unpaced', async () => {
    const clock = steppedClock();
    await createCallPace(250, clock).settled();
    const unpaced = createCallPace(0, clock);
    await unpaced.turn('DetectLabels');
    await unpaced.turn('DetectLabels');
    await unpaced.settled();
    expect(clock.slept).toEqual([]);
    expect(unpaced.granted.size).toBe(0);
  });
});

describe('the Rekognition client, inside an open pace', () => {
  const arrivals: Array<{ target: string }> = [];
  const server = createServer((req, res) => {
    arrivals.push({ target: String(req.headers['x-amz-target']) });
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{"Labels":[],"ModerationLabels":[]}'));
  });
  let endpoint = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('takes a turn per operation before each call; outside a pace it is not held', async () => {
    const { rekognition } = createClients({ region: 'us-east-1', tableName: 't', bucketName: 'b', graphqlUrl: '', credentials: { accessKeyId: 'a', secretAccessKey: 's' }, endpoints: { rekognition: endpoint } } as never);
    const image = { Bytes: new Uint8Array([1]) };
    const pace = createCallPace(200);
    await withCallPace(pace, () => Promise.all([rekognition.send(new DetectLabelsCommand({ Image: image })), rekognition.send(new DetectLabelsCommand({ Image: image })), rekognition.send(new DetectModerationLabelsCommand({ Image: image }))]));
    expect(arrivals.filter((a) => a.target.endsWith('DetectLabels'))).toHaveLength(2);
    // Each call took its turn on the way out (how long a turn holds is the clock tests' subject).
    const [first, second] = pace.granted.get('DetectLabels')!;
    expect(second - first).toBeGreaterThanOrEqual(200);
    expect(pace.granted.get('DetectModerationLabels')).toHaveLength(1);

    const before = arrivals.length;
    await rekognition.send(new DetectLabelsCommand({ Image: image }));
    expect(arrivals.length).toBe(before + 1);
    expect(pace.granted.get('DetectLabels')).toHaveLength(2);
    rekognition.destroy();
  });
});
