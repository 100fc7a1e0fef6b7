import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOutbox, dropParked } from '../../src/outbox.ts';
import { stubStorage } from './pageGlobals.ts';

/** An outbox whose worker keeps every batch after `rtt` ms; `sent` holds the batches as they were handed over. */
function box(rtt: number) {
  const sent: unknown[][] = [];
  const o = createOutbox(() => 'test', (batch) => {
    sent.push(JSON.parse(batch) as unknown[]);
    return new Promise((r) => setTimeout(() => r(true), rtt));
  }, () => false);
  o.live(true);
  return { o, sent };
}

describe('outbox batching', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends paced calls slower than a round trip in one batch per second, not one per call', async () => {
    const { o, sent } = box(30);
    // One call every 10 ms for 3 s while each round trip takes 30 ms.
    for (let i = 0; i < 300; i++) {
      o.add(`["e","m${i}"]`);
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(3000);
    expect(sent.flat()).toHaveLength(300);
    expect(sent.length).toBeLessThanOrEqual(5);
    expect(sent.flat().map((op) => (op as string[])[1])).toEqual(Array.from({ length: 300 }, (_, i) => `m${i}`));
  });

  it('sends at once what a flush or kept() waits for, even behind a batch in flight', async () => {
    const { o, sent } = box(30);
    await vi.advanceTimersByTimeAsync(1000);
    o.add('["e","a"]');
    const first = o.flush();
    await vi.advanceTimersByTimeAsync(5);
    o.add('["f",1]');
    const kept = o.kept('["f",1]');
    await vi.advanceTimersByTimeAsync(70);
    await first;
    expect(await kept).toBe(true);
    expect(sent).toEqual([[['e', 'a']], [['f', 1]]]);
  });

  it('backs off while the worker keeps refusing, though calls keep coming', async () => {
    let sends = 0;
    const o = createOutbox(() => 'test', () => (sends++, new Promise((r) => setTimeout(() => r(false), 20))), () => false);
    o.live(true);
    // One call every 250 ms for 30 s: each would otherwise set the 1 s timer again while a batch is out.
    for (let i = 0; i < 120; i++) {
      o.add(`["e","m${i}"]`);
      await vi.advanceTimersByTimeAsync(250);
    }
    // 0.5, 1, 2, 4, 8, then every 10 s: some 7 tries in 30 s, not 30.
    expect(sends).toBeGreaterThanOrEqual(4);
    expect(sends).toBeLessThanOrEqual(9);
  });

  it('keeps a burst moving: what piles up behind a batch goes as soon as it is kept', async () => {
    const { o, sent } = box(30);
    await vi.advanceTimersByTimeAsync(1000);
    for (let i = 0; i < 1001; i++) o.add(`["e","b${i}"]`);
    await vi.advanceTimersByTimeAsync(1);
    for (let i = 0; i < 1500; i++) o.add(`["e","c${i}"]`);
    await vi.advanceTimersByTimeAsync(65);
    expect(sent.map((b) => b.length)).toEqual([1001, 1500]);
  });
});

describe('outbox before and between workers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('a flush made before sending starts waits, and goes with what came before it as soon as it starts', async () => {
    const sent: unknown[][] = [];
    const o = createOutbox(() => 'test', (batch) => (sent.push(JSON.parse(batch) as unknown[]), Promise.resolve(true)), () => false);
    o.add('["i","u9",{}]');
    o.add('["e","m1"]');
    let flushed = false;
    void o.flush().then(() => (flushed = true));
    await vi.advanceTimersByTimeAsync(50);
    expect(flushed).toBe(false);
    o.live(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([[['i', 'u9', {}], ['e', 'm1']]]);
    expect(flushed).toBe(true);
  });

  it('abandon() settles every flush when no worker will come', async () => {
    const o = createOutbox(() => 'test', () => Promise.resolve(true), () => false);
    o.add('["e","m1"]');
    let flushed = false;
    void o.flush().then(() => (flushed = true));
    o.abandon();
    await vi.advanceTimersByTimeAsync(0);
    expect(flushed).toBe(true);
  });

  it('what a hidden page parked and its worker then kept is taken back, so no later page sends it again', async () => {
    const items = new Map<string, string>();
    stubStorage(items);
    const listeners: Record<string, () => void> = {};
    vi.stubGlobal('addEventListener', (type: string, fn: () => void) => (listeners[type] = fn));
    vi.stubGlobal('document', { visibilityState: 'hidden' });
    let keep!: (ok: boolean) => void;
    const o = createOutbox(() => 'site:unsent', () => new Promise((r) => (keep = r)), () => true);
    o.live(true);
    await vi.advanceTimersByTimeAsync(1000);
    o.add('["i","alice",{}]');
    await vi.advanceTimersByTimeAsync(1000);
    listeners.visibilitychange();
    expect([...items.values()]).toEqual(['[["i","alice",{}]]']);
    keep(true);
    await vi.advanceTimersByTimeAsync(0);
    expect([...items.keys()]).toEqual([]);
  });

  it('ops too large for the room left are left out alone: the ops after them are parked', async () => {
    const items = new Map<string, string>();
    stubStorage(items, 20_000);
    const listeners: Record<string, () => void> = {};
    vi.stubGlobal('addEventListener', (type: string, fn: () => void) => (listeners[type] = fn));
    const o = createOutbox(() => 'site:unsent', () => new Promise(() => undefined), () => true);
    for (let i = 0; i < 12; i++) o.add(`["e","big${i}",1,"Viewed",{"text":"${'x'.repeat(30_000)}"}]`);
    for (let i = 0; i < 100; i++) o.add(`["e","m${i}",2,"Viewed",{}]`);
    listeners.pagehide();
    const parked = [...items.values()].flatMap((v) => JSON.parse(v) as string[][]).map((op) => op[1]);
    expect(parked).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`));
  });

  it('unpark(erasedAt) leaves out the personal ops stamped before a forget(), and keeps the rest in order', async () => {
    const items = new Map<string, string>([
      ['site:unsent:0.5:10000', JSON.stringify([['e', 'old', 100, 'Viewed', {}], ['i', 'alice', {}, 150], ['c', true], ['e', 'new', 300, 'Viewed', {}]])],
      ['site:unsent:0.5:10001', JSON.stringify([['i', 'bob', {}, 400], ['i', 'legacy', {}], { message_id: 'older-build', event: 'X', properties: {}, timestamp: 120 }])],
    ]);
    stubStorage(items);
    const sent: unknown[][] = [];
    const o = createOutbox(() => 'site:unsent', (batch) => (sent.push(JSON.parse(batch) as unknown[]), Promise.resolve(true)), () => true);
    o.unpark(200);
    o.live(true);
    await vi.advanceTimersByTimeAsync(1000);
    // The parked consent op is left out too: this page says its own answer (round35c-parked-old-consent).
    expect(sent.flat()).toEqual([['e', 'new', 300, 'Viewed', {}], ['i', 'bob', {}, 400]]);
    expect(items.size).toBe(0);
  });

  it('under a page\'s own Array.prototype.toJSON (Prototype.js 1.6), parked ops are taken over and kept as lists', async () => {
    const items = new Map<string, string>([['site:unsent:0.5:10000', JSON.stringify([['i', 'alice', { tags: ['a'] }, 150], ['e', 'm1', 300, 'Viewed', {}]])]]);
    items.set('site:unsent:0.5:10001', JSON.stringify([['f', 400], ['e', 'm2', 350, 'Viewed', {}]]));
    stubStorage(items);
    const toJSON = function (this: unknown[]) { return '[' + this.map((x) => JSON.stringify(x)).join(', ') + ']'; };
    Object.defineProperty(Array.prototype, 'toJSON', { value: toJSON, writable: true, configurable: true });
    try {
      dropParked(localStorage, 'site:unsent:0.5:10001', (op) => Array.isArray(op) && op[0] === 'f');
      expect(JSON.parse(items.get('site:unsent:0.5:10001')!)).toEqual([['f', 400]]);
      const sent: unknown[][] = [];
      const o = createOutbox(() => 'site:unsent', (batch) => (sent.push(JSON.parse(batch) as unknown[]), Promise.resolve(true)), () => true);
      o.unpark();
      o.live(true);
      await vi.advanceTimersByTimeAsync(1000);
      expect(sent.flat()).toEqual([['i', 'alice', { tags: ['a'] }, 150], ['e', 'm1', 300, 'Viewed', {}], ['f', 400]]);
    } finally {
      delete (Array.prototype as { toJSON?: unknown }).toJSON;
    }
  });

  it('after a "no", a park keeps the forget() and consent ops and nothing personal', () => {
    const items = new Map<string, string>();
    stubStorage(items);
    const listeners: Record<string, () => void> = {};
    vi.stubGlobal('addEventListener', (type: string, fn: () => void) => (listeners[type] = fn));
    const o = createOutbox(() => 'site:unsent', () => new Promise(() => undefined), () => false);
    o.add('["e","m1",1,"Viewed",{}]');
    o.add('["c",false]', true);
    o.add('["i","alice",{},2]');
    o.add('["f",3]');
    listeners.pagehide();
    expect([...items.values()].flatMap((v) => JSON.parse(v) as unknown[])).toEqual([['c', false], ['f', 3]]);
  });

  it('another tab\'s forget() (erasedBefore): a park leaves out the personal ops made before it, and keeps the rest', () => {
    const items = new Map<string, string>();
    stubStorage(items);
    const listeners: Record<string, () => void> = {};
    vi.stubGlobal('addEventListener', (type: string, fn: () => void) => (listeners[type] = fn));
    const o = createOutbox(() => 'site:unsent', () => new Promise(() => undefined), () => true, () => undefined, () => 5);
    o.add('["e","m1",1,"Viewed",{}]');
    o.add('["i","alice",{},2]');
    o.add('["c",true]', true);
    o.add('["e","m2",6,"Viewed",{}]');
    o.add('["i","bob",{},7]');
    listeners.pagehide();
    expect([...items.values()].flatMap((v) => JSON.parse(v) as unknown[])).toEqual([['c', true], ['e', 'm2', 6, 'Viewed', {}], ['i', 'bob', {}, 7]]);
  });

  it('the calls a page\'s own leave handlers make after the park are parked in one chunk, in that task; later ones wait for the next park', async () => {
    const items = new Map<string, string>();
    stubStorage(items);
    const listeners: Record<string, () => void> = {};
    vi.stubGlobal('addEventListener', (type: string, fn: () => void) => (listeners[type] = fn));
    const held: string[] = [];
    const o = createOutbox(() => 'site:unsent', () => new Promise(() => undefined), () => true, () => held.splice(0).forEach((op) => o.add(op)));
    o.add('["e","before",1,"Viewed",{}]');
    const parked = () => [...items.keys()].sort().flatMap((k) => JSON.parse(items.get(k)!) as string[][]).map((op) => op[1]);
    // The page's own pagehide handler, after ours: an op added, and one track()ed (held for the outbox's next write).
    listeners.pagehide();
    o.add('["e","after",2,"Left",{}]');
    held.push('["e","tracked",3,"Left",{}]');
    o.soon();
    await Promise.resolve();
    expect(parked()).toEqual(['before', 'after', 'tracked']);
    expect(items.size).toBe(2);
    // A later task of the hidden page: no write of its own; the next park has it.
    await vi.advanceTimersByTimeAsync(1);
    o.add('["e","later",4,"Viewed",{}]');
    await Promise.resolve();
    expect(parked()).toEqual(['before', 'after', 'tracked']);
    listeners.pagehide();
    expect(parked()).toEqual(['before', 'after', 'tracked', 'later']);
  });

  it('a forget() parked by another page goes after this page\'s calls made before it, and before those made after it', async () => {
    const items = new Map<string, string>([['site:unsent:0.5:1000000', JSON.stringify([['e', 'theirs', 150, 'Viewed', {}], ['f', 200]])]]);
    stubStorage(items);
    const sent: unknown[][] = [];
    const o = createOutbox(() => 'site:unsent', (batch) => (sent.push(JSON.parse(batch) as unknown[]), Promise.resolve(true)), () => true);
    // Queued on this page before its script came (older than the forget()), then made now.
    o.add('["i","alice",{},100]');
    o.add('["e","early",120,"Viewed",{}]');
    o.add('["c",true]');
    o.add('["e","late",300,"Viewed",{}]');
    o.unpark();
    o.live(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.flat().map((op) => (op as unknown[])[1])).toEqual(['alice', 'early', 'theirs', 200, true, 'late']);
  });

  /** Three parked chunks of two events each, as one page wrote them (p0..p5), and an outbox on them. */
  function parkedThree() {
    const items = new Map<string, string>();
    for (let c = 0; c < 3; c++) items.set(`site:unsent:0.5:${1e6 + c}`, JSON.stringify([['e', `p${2 * c}`, 1, 'Viewed', {}], ['e', `p${2 * c + 1}`, 1, 'Viewed', {}]]));
    stubStorage(items);
    const listeners: Record<string, () => void> = {};
    vi.stubGlobal('addEventListener', (type: string, fn: () => void) => (listeners[type] = fn));
    vi.stubGlobal('document', { visibilityState: 'visible' });
    const sent: unknown[][] = [];
    const o = createOutbox(() => 'site:unsent', (batch) => (sent.push(JSON.parse(batch) as unknown[]), Promise.resolve(true)), () => true);
    const ids = () => sent.flat().map((op) => (op as string[])[1]);
    return { items, listeners, o, sent, ids };
  }

  it('unpark() takes one parked chunk a task, and sends them all before the ops made meanwhile', async () => {
    const { items, o, ids } = parkedThree();
    o.add('["c",true]');
    o.unpark();
    o.live(true);
    // Not in the caller's task: one chunk in each of the next ones. Each stays parked until the worker kept it (a page
    // killed before that lost it: round40a-killed-mid-takeover).
    expect(items.size).toBe(3);
    await vi.advanceTimersToNextTimerAsync();
    expect(ids()).toEqual([]);
    expect(items.size).toBe(3);
    o.add('["e","new",2,"Viewed",{}]');
    // A read does not go ahead of the parked chunks still to take.
    expect(o.sendNow()).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(items.size).toBe(0);
    // The page's answer stays first in line (the newest: round38-takeover-behind-answer), the parked calls next.
    expect(ids()).toEqual([true, 'p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'new']);
  });

  it('a page hidden part-way through unpark() parks what it took and leaves the rest parked; back, it takes the rest', async () => {
    const { items, listeners, o, sent, ids } = parkedThree();
    o.unpark();
    await vi.advanceTimersToNextTimerAsync();
    (document as { visibilityState: string }).visibilityState = 'hidden';
    listeners.visibilitychange();
    await vi.advanceTimersByTimeAsync(2000);
    // Nothing taken or sent while hidden; every op is still in localStorage once.
    const parked = [...items.values()].flatMap((v) => JSON.parse(v) as string[][]).map((op) => op[1]);
    expect(parked.sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    expect(sent).toEqual([]);
    (document as { visibilityState: string }).visibilityState = 'visible';
    listeners.visibilitychange();
    o.live(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(ids()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    expect(items.size).toBe(0);
  });

  it('a chunk taken over stays parked until the worker kept it: a refused batch, or a page killed meanwhile, loses none', async () => {
    const items = new Map<string, string>([['site:unsent:0.5:1000000', JSON.stringify([['e', 'p0', 1, 'Viewed', {}], ['e', 'p1', 1, 'Viewed', {}]])]]);
    stubStorage(items);
    const listeners: Record<string, () => void> = {};
    vi.stubGlobal('addEventListener', (type: string, fn: () => void) => (listeners[type] = fn));
    vi.stubGlobal('document', { visibilityState: 'visible' });
    const answers = [false, true];
    let sends = 0;
    const o = createOutbox(() => 'site:unsent', () => (sends++, Promise.resolve(answers.shift()!)), () => true);
    o.add('["e","mine",2,"Viewed",{}]');
    o.unpark();
    o.live(true);
    await vi.advanceTimersByTimeAsync(1100);
    expect(sends).toBe(1);
    expect([...items.keys()]).toEqual(['site:unsent:0.5:1000000']);
    // Hidden now: its park holds its own op only, the chunk's stay under their key.
    (document as { visibilityState: string }).visibilityState = 'hidden';
    listeners.visibilitychange();
    expect([...items.values()].flatMap((v) => JSON.parse(v) as string[][]).map((op) => op[1]).sort()).toEqual(['mine', 'p0', 'p1']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sends).toBe(2);
    expect(items.size).toBe(0);
  });

  it('a chunk taken over from this tab\'s sessionStorage is parked again in localStorage (a closed tab loses its sessionStorage)', async () => {
    const items = new Map<string, string>();
    stubStorage(items);
    const session = new Map<string, string>([['site:unsent:0.5:1000000', JSON.stringify([['e', 's0', 1, 'Viewed', {}]])]]);
    vi.stubGlobal('sessionStorage', { get length() { return session.size; }, key: (i: number) => [...session.keys()][i] ?? null, getItem: (k: string) => session.get(k) ?? null, setItem: (k: string, v: string) => void session.set(k, v), removeItem: (k: string) => void session.delete(k) });
    const listeners: Record<string, () => void> = {};
    vi.stubGlobal('addEventListener', (type: string, fn: () => void) => (listeners[type] = fn));
    vi.stubGlobal('document', { visibilityState: 'visible' });
    const o = createOutbox(() => 'site:unsent', () => new Promise(() => undefined), () => true);
    o.unpark();
    o.live(true);
    await vi.advanceTimersByTimeAsync(1100);
    (document as { visibilityState: string }).visibilityState = 'hidden';
    listeners.visibilitychange();
    expect([...items.values()].flatMap((v) => JSON.parse(v) as string[][]).map((op) => op[1])).toEqual(['s0']);
    expect(session.size).toBe(1);
  });

  it('clearParked() during unpark() stops it: the chunks not yet taken are gone, the rest goes on', async () => {
    const { items, o, ids } = parkedThree();
    o.unpark();
    o.live(true);
    await vi.advanceTimersToNextTimerAsync();
    o.clearParked();
    o.add('["f",5]');
    await vi.advanceTimersByTimeAsync(2000);
    expect(items.size).toBe(0);
    expect(ids()).toEqual(['p0', 'p1', 5]);
  });
});
