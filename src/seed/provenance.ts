// Provenance columns every domain row carries. Creation and update times equal the report time,
// so they are fixed by the data rather than by the moment the seed ran.
import type { Agency } from "../generated/prisma/client.ts";

export interface Provenance {
  ownerAgency: Agency;
  reportedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const provenance = (ownerAgency: Agency, reportedAt: Date): Provenance => ({
  ownerAgency,
  reportedAt,
  createdAt: reportedAt,
  updatedAt: reportedAt,
  version: 1,
});
