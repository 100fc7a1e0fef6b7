// src/stringify.ts: on a page whose Array.prototype.toJSON is its own (Prototype.js 1.6), lists are still written as
// JSON arrays (objects as objects under an Object.prototype.toJSON), and the page's toJSON is put back exactly as it
// was, whatever happens during the call.
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from '../../src/stringify.ts';
import { parkedCall } from '../../src/client.ts';

const arrays = Array.prototype as { toJSON?: unknown };
/** Prototype.js 1.6's Array#toJSON, in effect: the array's JSON, as a string. */
function prototypeToJSON(this: unknown[]) {
  return '[' + this.map((x) => JSON.stringify(x) ?? 'null').join(', ') + ']';
}

afterEach(() => {
  try {
    delete arrays.toJSON;
  } catch {
    // the last case's, not configurable
  }
});

describe('stringify', () => {
  it('is JSON.stringify where Array.prototype has no toJSON of its own', () => {
    const v = { tags: ['red', 'mug'], n: 1, d: new Date(0), nested: [[1], { a: [] }] };
    expect(stringify(v)).toBe(JSON.stringify(v));
    expect(stringify(v, (k, x) => (k === 'n' ? undefined : x))).toBe(JSON.stringify(v, (k, x) => (k === 'n' ? undefined : x)));
    expect(Object.getOwnPropertyDescriptor(arrays, 'toJSON')).toBeUndefined();
  });

  it('writes lists as JSON arrays under a Prototype.js toJSON, and puts the same descriptor back', () => {
    Object.defineProperty(arrays, 'toJSON', { value: prototypeToJSON, writable: true, enumerable: true, configurable: true });
    const before = Object.getOwnPropertyDescriptor(arrays, 'toJSON');
    expect(JSON.stringify([1, 2])).toBe('"[1, 2]"');
    expect(stringify(['i', 'user-42', { tags: ['a', ['b']] }, 5])).toBe('["i","user-42",{"tags":["a",["b"]]},5]');
    expect(Object.getOwnPropertyDescriptor(arrays, 'toJSON')).toEqual(before);
    expect(JSON.stringify([1, 2])).toBe('"[1, 2]"');
  });

  it('puts back a getter and a non-writable, non-enumerable toJSON as they were', () => {
    const get = () => prototypeToJSON;
    Object.defineProperty(arrays, 'toJSON', { get, enumerable: false, configurable: true });
    expect(stringify({ l: [1] })).toBe('{"l":[1]}');
    expect(Object.getOwnPropertyDescriptor(arrays, 'toJSON')).toEqual({ get, set: undefined, enumerable: false, configurable: true });
    delete arrays.toJSON;
    Object.defineProperty(arrays, 'toJSON', { value: prototypeToJSON, writable: false, enumerable: false, configurable: true });
    expect(stringify([[]])).toBe('[[]]');
    expect(Object.getOwnPropertyDescriptor(arrays, 'toJSON')).toEqual({ value: prototypeToJSON, writable: false, enumerable: false, configurable: true });
  });

  it('puts it back when the call throws (a cycle, a throwing toJSON or replacer), and throws as JSON.stringify does', () => {
    Object.defineProperty(arrays, 'toJSON', { value: prototypeToJSON, writable: true, enumerable: true, configurable: true });
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(() => stringify(cycle)).toThrow(TypeError);
    expect(() => stringify({ toJSON: () => { throw new Error('page'); } })).toThrow('page');
    expect(() => stringify([1], () => { throw new Error('replacer'); })).toThrow('replacer');
    expect(arrays.toJSON).toBe(prototypeToJSON);
    // A throwing toJSON of the page's own, left in place for a list it is asked for: not called at all.
    Object.defineProperty(arrays, 'toJSON', { value: () => { throw new Error('toJSON'); }, configurable: true });
    expect(stringify([1])).toBe('[1]');
    expect(() => JSON.stringify([1])).toThrow('toJSON');
  });

  // Round 39: a script's Object.prototype.toJSON wrote every object as what it returns (the config and every event
  // refused); and a JSON.stringify the page broke after load stopped every write.
  it('writes objects as JSON objects under an Object.prototype.toJSON, puts it back, and uses JSON.stringify as it was at load', () => {
    const objects = Object.prototype as { toJSON?: unknown };
    const polluted = () => 'polluted';
    const json = JSON.stringify;
    try {
      Object.defineProperty(objects, 'toJSON', { value: polluted, writable: true, enumerable: true, configurable: true });
      Object.defineProperty(arrays, 'toJSON', { value: prototypeToJSON, writable: true, configurable: true });
      expect(json({ a: 1 })).toBe('"polluted"');
      JSON.stringify = () => { throw new Error('broken by the page'); };
      expect(stringify({ e: ['x', { n: 1 }], d: new Date(0) })).toBe('{"e":["x",{"n":1}],"d":"1970-01-01T00:00:00.000Z"}');
      expect(Object.getOwnPropertyDescriptor(objects, 'toJSON')).toEqual({ value: polluted, writable: true, enumerable: true, configurable: true });
      expect(arrays.toJSON).toBe(prototypeToJSON);
    } finally {
      JSON.stringify = json;
      delete objects.toJSON;
    }
  });

  // Changes Array.prototype for good (vitest runs each file in a process of its own): it goes last.
  it('hides a toJSON on a prototype that is not extensible, and calls JSON.stringify as it stands where the toJSON is not configurable', () => {
    Object.defineProperty(arrays, 'toJSON', { value: prototypeToJSON, writable: true, configurable: true });
    // Not extensible: hidden (set to undefined) rather than deleted, it can still be put back.
    Object.preventExtensions(Array.prototype);
    expect(stringify([1, 2])).toBe('[1,2]');
    expect(Object.getOwnPropertyDescriptor(arrays, 'toJSON')).toEqual({ value: prototypeToJSON, writable: true, enumerable: false, configurable: true });
    // Not configurable: it cannot be taken off (undefined, so the rest of this process's JSON is as usual).
    Object.defineProperty(arrays, 'toJSON', { value: undefined, configurable: false });
    expect(stringify([1, 2])).toBe('[1,2]');
    expect(Object.getOwnPropertyDescriptor(arrays, 'toJSON')).toEqual({ value: undefined, writable: true, enumerable: false, configurable: false });
  });
});

describe('parkedCall', () => {
  it('reads a call the snippet wrote as a string under a Prototype.js toJSON as the list it was', () => {
    // Prototype.js leaves out the snippet's resolve and reject; the test's stand-in writes them null and its args as a string.
    expect(parkedCall('["forget", [], 1796000000000]')).toEqual(['forget', [], 0, 0, 1796000000000]);
    expect(parkedCall('["track", ["Search", {"tags": ["red"]}], 0, 0, 17]')).toEqual(['track', ['Search', { tags: ['red'] }], 0, 0, 17]);
    expect(parkedCall('["identify", "[\\"u-9\\"]", null, null, 17]')).toEqual(['identify', ['u-9'], null, null, 17]);
  });

  it('returns anything else as given', () => {
    const call = ['track', ['X', {}], 0, 0, 17];
    expect(parkedCall(call)).toBe(call);
    for (const v of ['not json', '"a string"', '{"a":1}', '["track", "[not json"]', 7, null, undefined]) expect(parkedCall(v)).toBe(v);
  });
});
