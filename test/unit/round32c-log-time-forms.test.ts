// Round 32, tester C. README (site model): "Times written without a zone are read in --tz (default UTC), so a log
// gives the same model on any machine". Forms other than ISO and M/D/YYYY went to Date.parse, which reads them in the
// machine's own zone: Excel's US export "12/1/2010 8:26:00 AM", "Dec 1 2010 08:26", "01-Dec-2010 08:26",
// "2010/12/01 08:26" were 9 hours earlier on a machine in Tokyo, and German Excel's "1.12.2010 08:26" was read as
// 12 January. Now each is a wall-clock time in --tz, and a dotted date is day first.
import { afterEach, expect, test } from 'vitest';
import { parseTime } from '../../train/ingest/time.ts';

const saved = process.env.TZ;
afterEach(() => { process.env.TZ = saved; });
const at = (y: number, mo: number, d: number, h: number, mi: number) => Date.UTC(y, mo - 1, d, h, mi) / 1000;

const cases: Array<[string, number]> = [
  ['12/1/2010 8:26:00 AM', at(2010, 12, 1, 8, 26)],
  ['12/1/2010 8:26 PM', at(2010, 12, 1, 20, 26)],
  ['12/1/2010 12:05 AM', at(2010, 12, 1, 0, 5)],
  ['12/1/2010 12:05 PM', at(2010, 12, 1, 12, 5)],
  ['Dec 1 2010 08:26', at(2010, 12, 1, 8, 26)],
  ['01-Dec-2010 08:26', at(2010, 12, 1, 8, 26)],
  ['2010/12/01 08:26', at(2010, 12, 1, 8, 26)],
  ['1.12.2010 08:26', at(2010, 12, 1, 8, 26)],
  ['25.12.2010', at(2010, 12, 25, 0, 0)],
];

for (const tz of ['UTC', 'Asia/Tokyo', 'America/Los_Angeles']) {
  test.each(cases)(`"%s" is read in --tz, whatever the machine's zone (TZ=${tz})`, (s, utc) => {
    process.env.TZ = tz;
    expect(parseTime(s)).toBe(utc);
    expect(parseTime(s, 'Asia/Shanghai')).toBe(utc - 8 * 3600);
  });
}

test.each([
  ['Wed, 01 Dec 2010 08:26:00 GMT', at(2010, 12, 1, 8, 26)],
  ['Dec 1 2010 08:26 +0100', at(2010, 12, 1, 7, 26)],
  ['2024-01-01T10:00:00+01:00', at(2024, 1, 1, 9, 0)],
  ['2024-01-01T10:00:00.000Z', at(2024, 1, 1, 10, 0)],
])('a time written with its zone, "%s", is read as written', (s, utc) => {
  process.env.TZ = 'Asia/Tokyo';
  expect(parseTime(s, 'Asia/Shanghai')).toBe(utc);
});

test.each(['12/1/2010 13:05 PM', '12/1/2010 0:05 AM', '32.12.2010'])('"%s" does not exist', (s) => {
  expect(parseTime(s)).toBeNaN();
});
