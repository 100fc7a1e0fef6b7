// The loop's state in the worker: remembered arms, `Experiment Viewed` once per visitor, session and experiment,
// and the forwarded records handed to the page. The engine calls it in a line or two; the decisions are the pure
// functions of assign.ts (in the experiments chunk, loaded only when the config runs one), attribution.ts and forward.ts.
import type { RawEvent, StoredEvent } from '../../src/contract/events.ts';
import type { WorkerConfig } from '../../src/contract/config.ts';
import type { RecommendRequest, SegmentsResult } from '../../src/contract/types.ts';
import { segmentsSignature } from '../../src/contract/segmentsSignature.ts';
import type { Store } from '../storage/db.ts';
import type { SiteModel } from '../../scoring/siteModel/format.ts';
import type { Exposure, RowPlan, SlotPlan } from './assign.ts';
import { runsExperiments, type PlansModule } from './plansModule.ts';
import { forwardedFor, toForwarded, type ForwardedEvent } from './forward.ts';
import { dismissalsOf, type Dismissals } from '../dismissals.ts';
import { heldOf, lifeLockName } from '../lifeLock.ts';

/** What the loop reads from the engine, per call (the engine's state changes under it). */
export interface LoopDeps {
  store: Store;
  config: WorkerConfig;
  now: number;
  events(): Promise<StoredEvent[]>;
  segments(): Promise<SegmentsResult>;
  site: SiteModel | null;
  /** Whether events may be stored (consent). */
  canStore: boolean;
  /** Whether events may be forwarded (consent under config.forward.consent). */
  canForward: boolean;
}

const ARMS_KEY = 'experiment-arms';
/** Meta key: the segments change last forwarded (its signature, time and lease). */
export const FORWARDED_SEGMENTS_KEY = 'forward-segments-signature';
/**
 * Exposures recorded while serving rows and slots wait here, in the store, until a batch some tab's page applies
 * carries them to its forwarding chunk: a page left before its next batch (the first one waits a second) would
 * otherwise take them with its worker. Any page of the site, open now or later, hands them on; at least once.
 */
const PENDING_KEY = 'forward-pending';
/** Forwarded records waiting for the page, at most (the oldest go first). */
const MAX_PENDING = 500;
/**
 * How long a worker holds what it handed to its page (ms): taken out of the store only once the answer carrying it
 * has left, a worker that died first leaves it to another worker after this long (at least once, never lost).
 */
const LEASE_MS = 60_000;

/**
 * A record on the forwarding list; `by` and `until` while a worker is handing it to its page, and `lock`, that
 * worker's life lock: a lease run out is taken over only once that worker is gone.
 */
interface Waiting { e: ForwardedEvent; by?: string; until?: number; lock?: string }
/** A list entry as any build stored it (an older one stored the bare record). */
const waitingOf = (x: unknown): Waiting => (x && typeof x === 'object' && 'e' in x ? (x as Waiting) : { e: x as ForwardedEvent });
/**
 * The list as stored, each entry as a Waiting; a list or an entry of another shape (other code, DevTools, a damaged
 * disk) is left out alone: a list that was no list failed every exposure's write, and a null in it every hand-on.
 */
const pendingOf = (list: unknown): Waiting[] =>
  (Array.isArray(list) ? list.map(waitingOf) : []).filter(({ e }) => typeof e?.message_id == 'string' && typeof e.event == 'string' && !!e.properties && typeof e.properties == 'object');
/** The segments signature last reported; `by` and `until` as for Waiting. An older build stored the bare signature. */
interface Reported { sig: string | null; at?: number; by?: string; until?: number; lock?: string }
const reportedOf = (x: unknown): Reported => (x && typeof x === 'object' && 'sig' in x ? (x as Reported) : { sig: (x as string | undefined) ?? null });

/**
 * Creates the loop state of one engine. `plans` loads the experiments chunk (once; null when it cannot load:
 * every visitor then sees the site as configured).
 * @example const loop = createLoop(load); const { plan } = await loop.row(deps, { type: 'for-you' }, 'home');
 */
export function createLoop(plans: () => Promise<PlansModule | null>) {
  const shown = new Set<string>();
  let sticky: Record<string, string> | null = null;
  /** Whether `sticky` holds an arm the store has not taken yet. */
  let armsUnsaved = false;
  /** This worker, in the leases it takes on the forwarding list and the segments signature. */
  const me = Math.random().toString(36).slice(2);
  /** A lease this worker takes now: held for LEASE_MS, and past that while its life lock is held. */
  const lease = (now: number) => {
    const lock = lifeLockName();
    return { by: me, until: now + LEASE_MS, ...(lock ? { lock } : {}) };
  };
  /** Whether another worker holds `x` now: its lease has not run out, or its worker is alive (`alive`: locks held). */
  const heldElsewhere = (x: { by?: string; until?: number; lock?: string }, now: number, alive: Set<string>) =>
    !!x.by && x.by !== me && (x.until! >= now || (!!x.lock && alive.has(x.lock)));
  /**
   * What the answer being made hands to the page (a batch with several runs of events asks forwarded() once per run):
   * the store it is in, the exposures' message ids, whether it reports a segments change.
   */
  let handing: { store: Store; ids: string[]; segments: boolean } | null = null;
  /** Exposures this worker leased whose answer has been posted: its later batches may take them off the list. */
  const posted = new Set<string>();
  let waiting: Promise<unknown> = Promise.resolve();
  /** Runs `fn` after the list changes queued before it: two rows served at once change it one after the other. */
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = waiting.then(fn);
    waiting = run.catch(() => undefined);
    return run;
  };
  /**
   * The exposures waiting in the store for a page (this tab's or another's, recorded now or by a page since gone),
   * leased to this worker; with `give` false (no consent to forward) they are dropped instead. What this worker
   * handed on with an earlier answer goes: that answer has left. Added by record(), in the exposure's transaction.
   */
  const takeWaiting = (d: LoopDeps, give: boolean): Promise<ForwardedEvent[]> => inTurn(async () => {
    // A read first: most batches find the list empty, and a write per batch would queue behind other tabs' writes.
    const found = pendingOf(await d.store.getMeta<unknown>(PENDING_KEY));
    const now = Date.now();
    const expired = (x: Waiting) => x.by !== me && !!x.by && x.until! < now;
    if (!found.some((x) => x.by === me || !x.by || expired(x))) return [];
    // A worker whose lease ran out may be alive and only quiet, its release refused (a full quota): it has handed
    // the record on already.
    const alive = await heldOf([...new Set(found.filter(expired).flatMap((x) => x.lock ?? []))]);
    let taken: ForwardedEvent[] = [];
    let gone: string[] = [];
    // Read and written in one transaction: another tab's worker changes the same list. The change may run twice (a
    // connection opened again): it changes nothing outside, until the write is done.
    await d.store.updateMeta<Waiting[]>(PENDING_KEY, (list) => {
      taken = [];
      gone = [];
      const next: Waiting[] = [];
      for (const x of pendingOf(list)) {
        // This worker's: gone once its answer left (a release the quota refused), else in the answer being made.
        if (x.by === me) {
          if (posted.has(x.e.message_id)) gone.push(x.e.message_id);
          else next.push(x);
          continue;
        }
        if (heldElsewhere(x, now, alive)) next.push(x);
        else if (give) taken.push(x.e), next.push({ e: x.e, ...lease(now) });
      }
      return next;
    });
    for (const id of gone) posted.delete(id);
    return taken;
  });
  /** Takes what this worker handed on out of the store, once the answer carrying it has left. */
  const release = (h: NonNullable<typeof handing>) => inTurn(async () => {
    const ids = new Set(h.ids);
    if (ids.size) await h.store.updateMeta<Waiting[]>(PENDING_KEY, (list) => pendingOf(list).filter((x) => !(x.by === me && ids.has(x.e.message_id))));
    for (const id of ids) posted.delete(id);
    if (h.segments) await h.store.updateMeta<unknown>(FORWARDED_SEGMENTS_KEY, (old) => { const r = reportedOf(old); return r.by === me ? { sig: r.sig, at: r.at } : old; });
  });
  let dismissCache: { n: number; site: SiteModel | null; d: Dismissals } | null = null;

  const needsAudience = (cfg: WorkerConfig) => cfg.experiments.some((e) => e.audience !== undefined);

  async function visitor(d: LoopDeps) {
    const profile = await d.store.getProfile(d.canStore);
    // Read for every row: another tab's worker may have served (and stored) an arm since. One this worker could not
    // store yet stays.
    const stored = (await d.store.getMeta<Record<string, string>>(ARMS_KEY).catch(() => undefined)) ?? {};
    sticky = armsUnsaved ? { ...stored, ...sticky } : { ...sticky, ...stored };
    const seg = needsAudience(d.config) ? await d.segments().catch(() => null) : null;
    return { profile, id: profile.user_id ?? profile.anonymous_id, inAudience: (name: string) => !!seg?.audiences.includes(name) };
  }

  /** Stores `Experiment Viewed` for exposures not yet recorded in this session, and remembers the arms. */
  async function record(d: LoopDeps, exposures: Exposure[], profile: { anonymous_id: string; user_id: string | null }) {
    if (!exposures.length || !d.canStore) return;
    const session = await d.store.currentSession({ sessionTimeoutMs: d.config.sessionTimeoutMinutes * 60_000, now: d.now });
    const known = new Set((await d.events()).filter((e) => e.session_id === session.id && e.event === 'Experiment Viewed').map((e) => e.properties.experiment_id));
    const fresh = exposures.filter((x) => !shown.has(`${session.id}:${x.experiment_id}`) && !known.has(x.experiment_id));
    // Marked before any await, so two rows served at once record one exposure.
    for (const x of fresh) shown.add(`${session.id}:${x.experiment_id}`);
    for (const x of fresh) if (sticky![x.experiment_id] !== x.variation_id) { sticky![x.experiment_id] = x.variation_id; armsUnsaved = true; }
    // The arm served is remembered (logging in must not switch it): a write storage refused is made again with the next
    // row served, and does not keep the exposure from being recorded.
    // Merged in one transaction: written whole from this worker's copy, it took away the arms other tabs had stored.
    if (armsUnsaved) armsUnsaved = !(await d.store.updateMeta<Record<string, string>>(ARMS_KEY, (s) => ({ ...s, ...sticky }), { state: true }).then(() => true, () => false));
    if (!fresh.length) return;
    const seg = await d.segments().catch(() => null);
    const context = { bucket_by: profile.user_id ? 'user_id' : 'anonymous_id', rfm_tier: seg?.rfm?.tier ?? null, lifecycle_stage: seg?.lifecycle.stage ?? null };
    // The message id makes the exposure once per session even across tabs: storage is idempotent by message_id.
    const raw: RawEvent[] = fresh.map((x) => ({ message_id: `exp:${session.id}:${x.experiment_id}`, event: 'Experiment Viewed', properties: { ...x, ...context }, timestamp: d.now }));
    const ids = { session_id: session.id, anonymous_id: profile.anonymous_id, ...(profile.user_id ? { user_id: profile.user_id } : {}) };
    const records = d.canForward && d.config.forward.events.includes('exposures') ? new Map(raw.map((e) => [e.message_id, toForwarded({ ...e, ...ids })])) : null;
    // Put on the forwarding list in the exposure's own transaction: a worker that died between two writes left it
    // stored, so never recorded again, and on no list, so never handed on.
    const alsoMeta = records ? { key: PENDING_KEY, change: (list: unknown, stored: ReadonlySet<string>) => [...pendingOf(list), ...[...stored].flatMap((id) => (records.has(id) ? [{ e: records.get(id)! }] : []))].slice(-MAX_PENDING) } : undefined;
    try {
      await d.store.putEvents(raw, { sessionTimeoutMs: d.config.sessionTimeoutMinutes * 60_000, now: d.now, alsoMeta });
    } catch {
      // Refused (a full quota): handed to the page with the answer, as its own ops, kept in its outbox (parked when it
      // leaves) with the time it was shown, stored and forwarded with its next batch: a worker that died before room
      // came lost it (round41c-exposure-retry-time: 0 of 1). Not made again here too (thrown as no quota error, so not
      // retried): stored by both, it was forwarded twice (round23-quota-pending-exposure, 4 of 5 runs).
      for (const r of raw) gave.has(r.message_id) || (gave.add(r.message_id), hold.push(JSON.stringify(['e', r.message_id, r.timestamp, r.event, r.properties])));
      throw 0;
    }
  }
  /** Refused exposures as the page's ops, for the next answer (see record); `gave`: their ids, handed once. */
  const hold: string[] = [];
  const gave = new Set<string>();
  /** What `retried` is to make again after the page's next batch (answered); a "no" or forget() empties it. */
  let later: Array<() => unknown> = [];
  /**
   * Runs a write this worker makes itself (an exposure, the segments it reported); one a full quota refuses is made
   * again after the page's next batch, as the page's own events wait for room, until stored or dropped by a "no" or
   * forget() (also one refused as they come: it goes to the list they emptied). Never rejects.
   */
  const retried = (write: () => Promise<unknown>): Promise<unknown> => {
    const l = later;
    return write().catch((e: { code?: string } | null) => e?.code == 'quota' && l.push(() => retried(write)));
  };

  /**
   * record(), where storage refuses it (full, failing): the row or slot is still served, and a refused exposure is
   * made again (retried); the quota has its one message with the page's events.
   */
  const recorded = (...a: Parameters<typeof record>) => retried(() => record(...a));

  return {
    /** Plans a row for the visitor (holdout, experiments), records exposures, and reads their dismissals. */
    async row(d: LoopDeps, request: RecommendRequest, widgetId: string | undefined): Promise<{ plan: RowPlan; dismissed: Dismissals }> {
      let plan: RowPlan = { request, personalize: true, exposures: [] };
      // Nothing to assign (no holdout, no experiment): no profile read on the ranking's path.
      const x = d.config.holdout.percent > 0 || d.config.experiments.length ? await plans() : null;
      if (x) {
        const v = await visitor(d);
        plan = x.planRow(request, widgetId, d.config, v.id, v.inAudience, sticky!);
        await recorded(d, plan.exposures, v.profile);
      }
      const events = await d.events();
      if (!dismissCache || dismissCache.n !== events.length || dismissCache.site !== d.site) dismissCache = { n: events.length, site: d.site, d: dismissalsOf(events, d.site) };
      return { plan, dismissed: dismissCache.d };
    },

    /** Plans a content slot for the visitor and records exposures. */
    async slot(d: LoopDeps, slot: string): Promise<SlotPlan> {
      const x = runsExperiments(d.config) ? await plans() : null;
      // No holdout, experiment or bandit: the slot's own choice, as planSlot would say.
      if (!x) return { holdout: false, bandit: false, exposures: [] };
      const v = await visitor(d);
      const plan = x.planSlot(slot, d.config, v.id, v.inAudience, sticky!);
      await recorded(d, plan.exposures, v.profile);
      return plan;
    },

    /** Forwarded records for newly stored events (orders with attribution), exposures not yet handed on, segment changes. */
    async forwarded(d: LoopDeps, ids: string[]): Promise<ForwardedEvent[]> {
      const kinds = d.config.forward.events;
      // Consent to forward withdrawn: what waited is dropped, not sent later.
      const give = kinds.length > 0 && d.canForward;
      // Refused (a full quota): it waits for the next batch.
      const out = await takeWaiting(d, give).catch((): ForwardedEvent[] => []);
      const h: NonNullable<typeof handing> = (handing ??= { store: d.store, ids: [], segments: false });
      h.ids.push(...out.map((e) => e.message_id));
      if (!give) return [];
      if (ids.length) {
        const history = await d.events();
        const want = new Set(ids);
        out.push(...forwardedFor(history.filter((e) => want.has(e.message_id)), history, d.config));
      }
      if (kinds.includes('segments') && ids.length) {
        const seg = await d.segments().catch(() => null);
        const sig = seg ? segmentsSignature(seg) : null;
        // Compared and set in one transaction (two tabs storing at once reported the change twice), and reported once
        // stored: a signature a full quota refuses would report the change with every batch. Leased like the
        // exposures: a change whose answer a dying worker never sent is reported again by the next worker.
        let changed = false;
        let at = d.now;
        const now = Date.now();
        const held = reportedOf(await d.store.getMeta<unknown>(FORWARDED_SEGMENTS_KEY).catch(() => undefined));
        const alive = await heldOf(held.lock && held.by !== me ? [held.lock] : []);
        const set = (old: unknown): Reported => {
          let r = reportedOf(old);
          // Reported by the answer being made (an earlier run of this batch): left as it is until that answer leaves.
          if (r.by === me && h.segments) return r;
          if (r.by === me) r = { sig: r.sig, at: r.at };
          // Reported again under its first id (the receiver can tell it is the same change), once its reporter is gone.
          const again = r.sig === sig && !!r.by && !heldElsewhere(r, now, alive);
          changed = r.sig !== sig || again;
          if (again) at = r.at ?? at;
          return changed ? { sig, at, ...lease(now) } : r;
        };
        if (seg && (await d.store.updateMeta<Reported>(FORWARDED_SEGMENTS_KEY, set).then(() => changed, () => false))) {
          h.segments = true;
          const profile = await d.store.getProfile(d.canStore);
          out.push(toForwarded({
            message_id: `seg:${sig}:${at}`, event: 'Segments Changed', timestamp: d.now, session_id: profile.session?.id ?? '', anonymous_id: profile.anonymous_id, ...(profile.user_id ? { user_id: profile.user_id } : {}),
            properties: { lifecycle_stage: seg.lifecycle.stage, rfm_tier: seg.rfm?.tier ?? null, cluster: seg.cluster?.name ?? null, audiences: seg.audiences, purchase_propensity: seg.propensity.purchase90d },
          }));
        }
      }
      return out;
    },

    retried,
    hold,

    /** The visitor's remembered arms (experiment id -> variation id), for exportData(). */
    async arms(d: Pick<LoopDeps, 'store'>): Promise<Record<string, string>> {
      return { ...((await d.store.getMeta<Record<string, string>>(ARMS_KEY)) ?? {}) };
    },

    /**
     * Once the answer to a batch has been posted to the page (a task after it resolved): what it handed on leaves
     * the store.
     */
    answered() {
      const l = later;
      later = [];
      for (const f of l) f();
      const h = handing;
      handing = null;
      for (const id of h?.ids ?? []) posted.add(id);
      // Tried again every 2 s for a lease's time while storage refuses it (a full quota): this worker's next batch
      // would take it out too, but a quiet tab may have none.
      const attempt = (n: number) => void release(h!).catch(() => { if (n < LEASE_MS / 2000) setTimeout(() => attempt(n + 1), 2000); });
      if (h && (h.ids.length || h.segments)) setTimeout(() => attempt(0), 0);
    },

    /** A "no": the exposures waiting to be forwarded, this tab's and other tabs', are dropped, never sent later. */
    dropWaiting(store: Store): Promise<void> {
      later = [];
      return inTurn(() => store.deleteMeta(PENDING_KEY)).catch(() => undefined);
    },

    /** A worker in memory that replaces one that died takes its arms (a page it served keeps showing the same arm). */
    adoptArms(store: Store, arms: Record<string, string>): Promise<void> {
      sticky = null;
      return store.putMeta(ARMS_KEY, arms, { state: true }).catch(() => undefined);
    },

    /** After forget(): nothing remembered. */
    reset() {
      later = [];
      shown.clear();
      sticky = null;
      handing = null;
      posted.clear();
      dismissCache = null;
    },
  };
}

export type Loop = ReturnType<typeof createLoop>;
