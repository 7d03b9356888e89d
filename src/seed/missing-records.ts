// Post-pass over a generated dataset (issue 9, item 3): the records the seed asks for that the
// domain generators do not make, and the loan and enterprise fields derived from what they made.
// It reads only the generated rows, so it follows whatever period and balance they have.
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { generateTrustProducts } from "./trust-products.ts";
import { generateNplDisposals } from "./npl-disposals.ts";
import { generateZombieAssets } from "./zombie-assets.ts";
import { generatePilotLoans } from "./pilot-loans.ts";
import { generateComplaints } from "./complaints.ts";
import { generateActualControllers } from "./actual-controllers.ts";
import { deriveStructure } from "./loan-structure.ts";

export type MissingRecords = Pick<DemoData, "trustProduct" | "nplDisposal" | "zombieAssetListing" | "pilotLoan" | "complaint" | "actualController">;

export function addMissingRecords(rng: Random, scale: number, data: Omit<DemoData, keyof MissingRecords>): DemoData {
  return {
    ...data,
    ...deriveStructure(rng.fork("loan-structure"), data),
    trustProduct: generateTrustProducts(rng.fork("trust-products"), scale, data),
    nplDisposal: generateNplDisposals(rng.fork("npl-disposals"), data),
    zombieAssetListing: generateZombieAssets(rng.fork("zombie-assets"), data),
    pilotLoan: generatePilotLoans(rng.fork("pilot-loans"), data),
    complaint: generateComplaints(rng.fork("complaints"), scale, data),
    actualController: generateActualControllers(rng.fork("actual-controllers"), data),
  };
}
