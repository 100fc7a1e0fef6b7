// The commands `npx clientele` runs: their options (checked by the shell before any work) and where
// each body lives. A body is a plain async function of its checked options and a CommandIO.
import type { OptionSpec, Values } from './args.ts';
import type { CommandIO } from './io.ts';

export interface Command {
  about: string;
  options: Record<string, OptionSpec>;
  examples: string[];
  /** Extra help text (accepted log layouts...). */
  notes?: string;
  /** Loads the body only when the command runs, so `--help` stays instant. Resolves to the exit code. */
  run(values: Values, io: CommandIO): Promise<number>;
}

const LOG_LAYOUTS = `Log layouts (CSV with a header, separated by , ; tab or |, or JSON lines with the same keys):
  user,item,event,timestamp[,value]   timestamp ISO or unix seconds/ms; event e.g. "Product Viewed", view, addtocart, purchase
  user,item,ts                        every row one interaction (e.g. the eval split files)
  UCI Online Retail                   InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
                                      (I or II column names; rows with a customer, not cancelled, quantity and price > 0,
                                      product codes only)
Times written without a zone are read in --tz (an IANA name such as Europe/London; default UTC). Slash dates are
month first (12/25/2010), unless one only fits day first (25/12/2010): then the whole log is read day first.`;

export const COMMANDS: Record<string, Command> = {
  'build-model': {
    about: 'Reads an interaction log and writes a site model folder (manifest.json, shards/, meta/) to publish whole.',
    notes: LOG_LAYOUTS,
    options: {
      events: { type: 'string', value: '<file>', about: 'the interaction log', required: true, path: 'read-file' },
      out: { type: 'string', value: '<dir>', about: 'folder for manifest.json, shards/ and meta/ (created if missing)', required: true, path: 'write-dir' },
      catalog: { type: 'string', value: '<file>', about: 'catalog feed (JSON array or { products }): names, prices, categories', path: 'read-file' },
      'only-catalog': { type: 'boolean', about: 'keep only items listed in --catalog' },
      models: { type: 'string', value: '<a,b>', about: 'families: itemKnn, rp3beta, ease (for you), coVisitation (bought together); default all' },
      'no-holdout': { type: 'boolean', about: 'ship the default for-you settings instead of tuning them on each user\'s last 10% (faster)' },
      'eval-users': { type: 'string', value: '<n>', about: 'users sampled for the validation metrics (default 3000)', number: { min: 1, max: 10_000_000, whole: true } },
      'window-days': { type: 'string', value: '<n>', about: '"recent" window for trending, in days (default 7)', number: { min: 1, max: 3650 } },
      priors: { type: 'string', value: '<file>', about: 'slot bandit priors from `clientele report --priors` (carried in the manifest)', path: 'read-file' },
      tz: { type: 'string', value: '<zone>', about: 'time zone of times written without one (default UTC)' },
      json: { type: 'boolean', about: 'print the summary as JSON on stdout' },
    },
    examples: ['npx clientele build-model --events orders.csv --catalog products.json --out public/model'],
    run: async (v, io) => (await import('../build-model.ts')).buildModel({
      events: v.events as string,
      out: v.out as string,
      catalog: v.catalog as string | undefined,
      onlyCatalog: v['only-catalog'] === true,
      models: typeof v.models === 'string' ? v.models.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
      holdout: v['no-holdout'] !== true,
      evalUsers: typeof v['eval-users'] === 'string' ? Number(v['eval-users']) : undefined,
      windowDays: typeof v['window-days'] === 'string' ? Number(v['window-days']) : undefined,
      json: v.json === true,
      priors: v.priors as string | undefined,
      tz: v.tz as string | undefined,
    }, io),
  },
  segments: {
    about: "Trains the segments model from an order log and writes every customer's RFM, lifecycle stage, cluster and propensities as CSV.",
    notes: LOG_LAYOUTS,
    options: {
      events: { type: 'string', value: '<file>', about: 'the order log', required: true, path: 'read-file', alias: 'orders' },
      out: { type: 'string', value: '<file.csv>', about: 'CSV to write, one row per customer (its folder is created if missing)', required: true, path: 'write-file' },
      cutoff: { type: 'string', value: '<YYYY-MM-DD>', about: 'segment as of this date (default: just after the last order)' },
      horizon: { type: 'string', value: '<days>', about: 'propensity horizon in days (default 90)', number: { min: 1, max: 3650, whole: true } },
      model: { type: 'string', value: '<file.json>', about: 'also write the trained segments model as JSON', path: 'write-file' },
      tz: { type: 'string', value: '<zone>', about: 'time zone of times written without one and of --cutoff (default UTC)' },
    },
    examples: ['npx clientele segments --events orders.csv --out crm/segments.csv'],
    run: async (v, io) => (await import('../segments-cli.ts')).segments({
      orders: v.events as string,
      out: v.out as string,
      cutoff: v.cutoff as string | undefined,
      horizon: typeof v.horizon === 'string' ? Number(v.horizon) : 90,
      model: v.model as string | undefined,
      tz: v.tz as string | undefined,
    }, io),
  },
  report: {
    about: 'Reads forwarded events and reports each experiment and the holdout: lift with 95% intervals, sample-ratio check, segments, charts.',
    notes: `Event files: NDJSON (one event per line, as the forward endpoint or npm run simulate writes), exportData() JSON,
  or CSV with event, timestamp and anonymous_id/user_id columns (then a properties JSON column or one column per property)`,
    options: {
      events: { type: 'string', value: '<file>', about: 'the forwarded events', required: true, path: 'read-file' },
      out: { type: 'string', value: '<report.html>', about: 'write the report as one self-contained HTML file', path: 'write-file' },
      json: { type: 'string', value: '<report.json>', about: 'write the figures as JSON', path: 'write-file' },
      priors: { type: 'string', value: '<priors.json>', about: 'write Beta priors for bandit slots (pass to build-model --priors)', path: 'write-file' },
    },
    examples: ['npx clientele report --events events.ndjson --out report.html --json report.json'],
    run: async (v, io) => (await import('../report.ts')).report({
      events: v.events as string,
      out: v.out as string | undefined,
      json: v.json as string | undefined,
      priors: v.priors as string | undefined,
    }, io),
  },
};
