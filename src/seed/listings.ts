// Which firms list where and when. The plan set end-2018 targets of 2 A-share listings, 5 on the
// NEEQ and 15 on the regional equity centre; the dates below leave the A-share goal met and the
// other two short at the deadline (the dataset date), so the progress view has something to show.
// The counts are not scaled: a bigger demo city does not make more companies go public.
import type { ListingStatus } from "../generated/prisma/client.ts";
import { type Random, WeightedIndex } from "./random.ts";
import { AS_OF, addDays, dateBetween, day } from "./calendar.ts";

const LISTING_PLAN: readonly { board: ListingStatus; byDeadline: number; after: number; from: Date; sizeBoost: number }[] = [
  { board: "A_SHARE", byDeadline: 2, after: 0, from: day(2012, 1, 1), sizeBoost: 15 },
  { board: "NEEQ", byDeadline: 4, after: 0, from: day(2014, 1, 1), sizeBoost: 3 },
  { board: "REGIONAL_EQUITY", byDeadline: 12, after: 0, from: day(2015, 1, 1), sizeBoost: 1.5 },
];
const GOAL_DEADLINE = day(2018, 12, 31);

export interface Listing {
  /** index of the chosen firm in the candidates' weights */
  index: number;
  board: ListingStatus;
  listedOn: Date;
  /** how much bigger than an average firm of its industry a listed firm is */
  sizeBoost: number;
}

/** Draws distinct firms in proportion to `weights` (0 = never listed) and their listing dates. */
export function drawListings(rng: Random, weights: readonly number[]): Listing[] {
  const eligible = weights.filter((w) => w > 0).length;
  const wanted = LISTING_PLAN.reduce((n, p) => n + p.byDeadline + p.after, 0);
  if (eligible < wanted) throw new Error(`seed: ${wanted} listings need at least as many eligible firms, got ${eligible}`);
  const picker = new WeightedIndex(weights);
  const taken = new Set<number>();
  const out: Listing[] = [];
  for (const plan of LISTING_PLAN) {
    const dates = [
      ...Array.from({ length: plan.byDeadline }, () => dateBetween(rng, plan.from, GOAL_DEADLINE)),
      ...Array.from({ length: plan.after }, () => dateBetween(rng, addDays(GOAL_DEADLINE, 1), addDays(AS_OF, -20))),
    ];
    for (const listedOn of dates) {
      let index = picker.draw(rng);
      while (taken.has(index)) index = picker.draw(rng);
      taken.add(index);
      out.push({ index, board: plan.board, listedOn, sizeBoost: plan.sizeBoost });
    }
  }
  return out;
}
