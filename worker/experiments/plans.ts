// The experiments chunk (dist/clientele-experiments.js): MD5 assignment, the row and slot plans of the holdout and
// experiments, and the slot bandit. The engine worker loads it with importScripts only once its config runs a
// holdout, an experiment or a bandit, so a shop that runs none never downloads it. Node callers import
// ./assign.ts and ./slots.ts directly.
export { planRow, planSlot } from './assign.ts';
export { banditSlot } from './slots.ts';
