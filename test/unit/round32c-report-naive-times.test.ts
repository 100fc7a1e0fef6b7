// Round 32, tester C. The report read a CSV's time written without a zone ("2024-01-01 10:00") with Date.parse, in the
// machine's own zone: the same file gave a different day (and an order inside or outside the attribution window) on a
// laptop in Tokyo and on a CI machine in UTC. build-model reads such times in UTC by default; the report does too now.
// "2024-02-30T10:00:00Z" was read as 1 March; a date that does not exist is a problem line now.
import { afterEach, expect, test } from 'vitest';
import { readEvents } from '../../report/readEvents.ts';

const saved = process.env.TZ;
afterEach(() => { process.env.TZ = saved; });

const csv = 'event,timestamp,anonymous_id\nOrder Completed,2024-01-01 03:00,a1\nOrder Completed,1/2/2024 03:00,a1\nOrder Completed,2024-02-30T10:00:00Z,a1\n';

test.each(['UTC', 'Asia/Tokyo', 'America/Los_Angeles'])('a time without a zone is read in UTC whatever the machine (TZ=%s)', (tz) => {
  process.env.TZ = tz;
  const r = readEvents(csv, 'events.csv');
  expect(r.events.map((e) => new Date(e.timestamp).toISOString())).toEqual(['2024-01-01T03:00:00.000Z', '2024-01-02T03:00:00.000Z']);
  expect(r.skipped).toBe(1);
  expect(r.problems.join('\n')).toMatch(/timestamp/);
});
