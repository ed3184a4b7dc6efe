/**
 * The engine's subscription invalidation, rule by rule, on the fixture schema: `revoke(id)` calls
 * `extensions.invalidateSubscriptions({ subscriptionField: 'onRevocable', payload: { id } })`, and
 * `onRevocable(id)` sets an invalidation filter on its id (unless the id ends in `-open`). The deleteBlob
 * flow on the real stack is test/e2e/subscription-invalidation.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRealtime } from '../support/realtime-client.js';
import { API_KEY, startEngine } from './harness.js';

let h: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  h = await startEngine();
});
afterAll(async () => {
  await h?.close();
});

const auth = () => ({ host: new URL(h.engine.url).host, 'x-api-key': API_KEY });
const ON_REVOCABLE = 'subscription($id: ID!) { onRevocable(id: $id) { id name } }';

async function subscribed(subscriptions: Array<[string, Record<string, unknown>]>) {
  const rt = await connectRealtime(h.engine.realtimeUrl, auth(), h.ca);
  expect((await rt.init()).type).toBe('connection_ack');
  for (const [id, variables] of subscriptions) expect(await rt.start(id, ON_REVOCABLE, variables, auth())).toEqual({ id, type: 'start_ack' });
  return rt;
}

describe('extensions.invalidateSubscriptions', () => {
  it('ends the subscriptions whose invalidation filter matches the payload, with complete, and only those', async () => {
    const rt = await subscribed([
      ['a', { id: 'r1' }],
      ['b', { id: 'r1' }],
      ['other-id', { id: 'r2' }],
      ['no-filter', { id: 'r1-open' }],
    ]);
    expect((await h.post('mutation { revoke(id: "r1") }')).body).toEqual({ data: { revoke: 'revoked' } });
    // Without an invalidation filter, no payload ends a subscription, even one naming its own id.
    expect((await h.post('mutation { revoke(id: "r1-open") }')).body).toEqual({ data: { revoke: 'revoked' } });
    expect(await rt.next((m) => m.id === 'a' && m.type !== 'ka')).toEqual({ id: 'a', type: 'complete' });
    expect(await rt.next((m) => m.id === 'b' && m.type !== 'ka')).toEqual({ id: 'b', type: 'complete' });
    // The others still hear events; the ended ones do not, and their ids are free again.
    for (const id of ['r1', 'r2', 'r1-open']) await h.post(`mutation { putItem(id: "${id}", name: "after") { id name } }`);
    expect((await rt.next((m) => m.id === 'no-filter' && m.type === 'data')).payload).toEqual({ data: { onRevocable: { id: 'r1-open', name: 'after' } } });
    expect((await rt.next((m) => m.id === 'other-id' && m.type === 'data')).payload).toEqual({ data: { onRevocable: { id: 'r2', name: 'after' } } });
    await rt.roundTrip();
    expect(rt.messages.filter((m) => m.id === 'a' || m.id === 'b' || m.type === 'complete')).toEqual([]);
    expect(await rt.start('a', ON_REVOCABLE, { id: 'r1' }, auth())).toEqual({ id: 'a', type: 'start_ack' });
    rt.close();
  });

  it('a mutation that ends in an error invalidates nothing', async () => {
    const rt = await subscribed([['kept', { id: 'r3' }]]);
    const { body } = await h.post('mutation { revoke(id: "r3", fail: true) }');
    expect(body.errors?.[0]).toMatchObject({ errorType: 'Refused', message: 'Not revoked' });
    await h.post('mutation { putItem(id: "r3", name: "still here") { id name } }');
    expect((await rt.next((m) => m.id === 'kept' && m.type === 'data')).payload.data.onRevocable).toEqual({ id: 'r3', name: 'still here' });
    expect(rt.messages.filter((m) => m.type === 'complete')).toEqual([]);
    rt.close();
  });

  it('a malformed call fails the resolver with a Code error and ends nothing', async () => {
    const rt = await subscribed([['kept', { id: 'r4' }]]);
    const { body } = await h.post('mutation { revoke(id: "r4", malformed: true) }');
    expect(body).toMatchObject({ data: { revoke: null }, errors: [{ errorType: 'Code', message: expect.stringContaining('extensions.invalidateSubscriptions needs { subscriptionField: string, payload: object }') }] });
    await rt.roundTrip();
    expect(rt.messages.filter((m) => m.type === 'complete')).toEqual([]);
    rt.close();
  });
});
