/**
 * The local AppSync engine's realtime endpoint, point by point (issue 2): AppSync's websocket
 * protocol, auth per connection and per subscription, argument and enhanced filters, limits.
 * Runs the fixture schema against a real dynalite (test/engine/harness.ts).
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRealtime } from '../support/realtime-client.js';
import { iamPost, signedHeaders } from '../support/sigv4-fetch.js';
import { API_KEY, IAM, startEngine } from './harness.js';

let h: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  h = await startEngine();
});
afterAll(async () => h?.close());

const apiKeyAuth = () => ({ host: new URL(h.engine.url).host, 'x-api-key': API_KEY });

describe('realtime', () => {
  const ON_ITEM = 'subscription($id: ID) { onItem(id: $id) { id name createdAt } }';

  it('speaks AppSync’s protocol: graphql-ws, connection_ack with a timeout, ka', async () => {
    const rt = await connectRealtime(h.engine.realtimeUrl, apiKeyAuth(), h.ca);
    expect(rt.protocol).toBe('graphql-ws');
    expect(await rt.init()).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
    await rt.next((m) => m.type === 'ka');
    rt.close();
  });

  it('refuses a connection with a bad API key with connection_error', async () => {
    const rt = await connectRealtime(h.engine.realtimeUrl, { ...apiKeyAuth(), 'x-api-key': 'wrong' }, h.ca);
    const reply = await rt.init();
    expect(reply).toMatchObject({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException' }] } });
  });

  it('delivers to matching arguments only, with fields the mutation did not select as null', async () => {
    const rt = await connectRealtime(h.engine.realtimeUrl, apiKeyAuth(), h.ca);
    await rt.init();
    const mine = randomUUID();
    const other = randomUUID();
    expect(await rt.start('sub-mine', ON_ITEM, { id: mine }, apiKeyAuth())).toEqual({ id: 'sub-mine', type: 'start_ack' });
    expect((await rt.start('sub-all', ON_ITEM, {}, apiKeyAuth())).type).toBe('start_ack');

    // The mutation selects only id: subscribers asked for name and createdAt too, and get null for them.
    await h.post('mutation($id: ID!) { putItem(id: $id, name: "other") { id } }', { id: other });
    await h.post('mutation($id: ID!) { putItem(id: $id, name: "mine") { id } }', { id: mine });

    const forMine = await rt.next((m) => m.id === 'sub-mine' && m.type === 'data');
    expect(forMine.payload).toEqual({ data: { onItem: { id: mine, name: null, createdAt: null } } });
    const all = [await rt.next((m) => m.id === 'sub-all'), await rt.next((m) => m.id === 'sub-all')].map((m) => m.payload.data.onItem.id);
    expect(all.sort()).toEqual([mine, other].sort());
    // No event for `other` ever reached sub-mine (it would have come before the round trip's answer).
    await rt.roundTrip();
    expect(rt.messages.filter((m) => m.id === 'sub-mine')).toEqual([]);

    rt.send({ id: 'sub-mine', type: 'stop' });
    expect(await rt.next((m) => m.id === 'sub-mine')).toEqual({ id: 'sub-mine', type: 'complete' });
    rt.close();
  });

  it('applies an enhanced filter set by the subscription resolver (name begins with "keep")', async () => {
    const rt = await connectRealtime(h.engine.realtimeUrl, apiKeyAuth(), h.ca);
    await rt.init();
    expect((await rt.start('named', 'subscription { onNamed { id name } }', {}, apiKeyAuth())).type).toBe('start_ack');
    await h.post('mutation { putItem(id: "f1", name: "drop me") { id name } }');
    await h.post('mutation { putItem(id: "f2", name: "keep me") { id name } }');
    expect((await rt.next((m) => m.id === 'named' && m.type === 'data')).payload).toEqual({ data: { onNamed: { id: 'f2', name: 'keep me' } } });
    await rt.roundTrip();
    expect(rt.messages.filter((m) => m.id === 'named')).toEqual([]);
    rt.close();
  });

  it('checks auth per subscription: util.unauthorized, a wrong key, an IAM-only trigger', async () => {
    const rt = await connectRealtime(h.engine.realtimeUrl, apiKeyAuth(), h.ca);
    await rt.init();
    expect(await rt.start('r', 'subscription { refused { id } }', {}, apiKeyAuth())).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'Unauthorized' }] } });
    expect(await rt.start('k', ON_ITEM, {}, { ...apiKeyAuth(), 'x-api-key': 'wrong' })).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'UnauthorizedException' }] } });
    rt.close();
  });

  it('takes auth from the header/payload query parameters too (the older client form)', async () => {
    const header = Buffer.from(JSON.stringify(apiKeyAuth())).toString('base64');
    const socket = new WebSocket(`${h.engine.realtimeUrl}?header=${encodeURIComponent(header)}&payload=e30=`, ['graphql-ws'], { ca: h.ca });
    const first = new Promise<Record<string, unknown>>((resolve, reject) => {
      socket.once('message', (raw) => resolve(JSON.parse(raw.toString())));
      socket.once('error', reject);
    });
    await new Promise((r) => socket.once('open', r));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    expect(await first).toMatchObject({ type: 'connection_ack' });
    socket.close();
  });

  it('refuses a socket without the graphql-ws subprotocol', async () => {
    const socket = new WebSocket(h.engine.realtimeUrl, ['something-else'], { ca: h.ca });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('open', () => resolve(`opened with "${socket.protocol}"`));
      socket.once('error', (e) => resolve(e.message));
    });
    expect(outcome).not.toMatch(/^opened/);
  });

  it('answers protocol mistakes with an error, not a dropped socket', async () => {
    const rt = await connectRealtime(h.engine.realtimeUrl, apiKeyAuth(), h.ca);
    expect(await rt.start('early', ON_ITEM, {}, apiKeyAuth())).toMatchObject({ type: 'error', payload: { errors: [{ message: 'Send connection_init first.' }] } });
    await rt.init();
    rt.socket.send('not json');
    expect(await rt.next((m) => m.type === 'error' && !m.id)).toMatchObject({ payload: { errors: [{ errorType: 'MessageParsingError' }] } });
    expect((await rt.start('twice', ON_ITEM, {}, apiKeyAuth())).type).toBe('start_ack');
    expect(await rt.start('twice', ON_ITEM, {}, apiKeyAuth())).toMatchObject({ type: 'error', payload: { errors: [{ message: 'Subscription id twice is already in use.' }] } });
    rt.close();
  });

  it('allows 100 subscriptions per connection, even when 101 starts arrive at once', async () => {
    const rt = await connectRealtime(h.engine.realtimeUrl, apiKeyAuth(), h.ca);
    await rt.init();
    for (let i = 0; i < 101; i++) rt.send({ id: `s${i}`, type: 'start', payload: { data: JSON.stringify({ query: ON_ITEM, variables: {} }), extensions: { authorization: apiKeyAuth() } } });
    const replies = await Promise.all(Array.from({ length: 101 }, (_, i) => rt.next((m) => m.id === `s${i}`)));
    expect(replies.filter((m) => m.type === 'start_ack')).toHaveLength(100);
    expect(replies.filter((m) => m.type === 'error').map((m) => m.payload.errors[0].errorType)).toEqual(['LimitExceededError']);
    rt.close();
  });

  it('accepts IAM auth for the connection and each subscription, and fires on an IAM-only mutation', async () => {
    const host = new URL(h.engine.url).host;
    const connectHeaders = await signedHeaders(`${h.engine.url}/connect`, '{}', IAM);
    const rt = await connectRealtime(h.engine.realtimeUrl, { ...connectHeaders, host }, h.ca);
    expect((await rt.init()).type).toBe('connection_ack');
    const data = JSON.stringify({ query: ON_ITEM, variables: { id: 'iam-1' } });
    const startHeaders = await signedHeaders(h.engine.url, data, IAM);
    rt.send({ id: 'iam', type: 'start', payload: { data, extensions: { authorization: startHeaders } } });
    expect(await rt.next((m) => m.id === 'iam')).toEqual({ id: 'iam', type: 'start_ack' });
    await iamPost(h.engine.url, { query: 'mutation { announce(id: "iam-1", name: "n") { id name } }' }, IAM);
    expect((await rt.next((m) => m.id === 'iam' && m.type === 'data')).payload).toEqual({ data: { onItem: { id: 'iam-1', name: 'n', createdAt: null } } });
    rt.close();
  });
});
