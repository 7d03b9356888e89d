// Provenance fields every domain record carries: who owns it, when it was reported, and its version.
import { AgencyEnum } from "./agency.enum.ts";

interface ProvenanceShape {
  ownerAgency: string;
  reportedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** Spread into a prisma object's fields: `fields: (t) => ({ ...provenanceFields(t), … })`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Pothos field builder type depends on the model
export function provenanceFields(t: any) {
  return {
    ownerAgency: t.expose("ownerAgency", { type: AgencyEnum, description: "The agency that owns and reported this record (数据提供单位)." }),
    reportedAt: t.expose("reportedAt", { type: "DateTime", description: "When the source reported this record (报送时间)." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When the platform first stored this record." }),
    updatedAt: t.expose("updatedAt", { type: "DateTime", description: "When the platform last changed this record." }),
    version: t.exposeInt("version", { description: "Optimistic-concurrency version, incremented by every change." }),
  } satisfies Record<keyof ProvenanceShape, unknown>;
}
