// Round 32, tester C. An events-layout log that writes returns as order lines of negative quantity (as the Online
// Retail export does) had each return counted as a purchase of one: an interaction for the models and spend for the
// segments. Such rows are left out as 'non-positive', as the Online Retail filter leaves them out; views keep any value.
import { expect, test } from 'vitest';
import { readLog } from '../../train/ingest/read.ts';

async function* once(text: string) { yield text; }

test('an order line of negative or zero quantity is left out; a view with a value of 0 stays', async () => {
  const r = await readLog(once([
    'user,item,event,timestamp,quantity',
    'u1,mug,purchase,2024-01-01T10:00:00Z,2',
    'u1,mug,purchase,2024-01-05T10:00:00Z,-2',
    'u2,cup,Order Completed,2024-01-05T10:00:00Z,0',
    'u2,cup,view,2024-01-05T10:00:00Z,0',
    'u3,cup,purchase,2024-01-06T10:00:00Z,',
  ].join('\n')), { source: 'log.csv' });
  expect(r.ok && r.value.skipped).toEqual({ 'non-positive': 2 });
  expect(r.ok && r.value.log.length).toBe(3);
});
