// Natural persons: legal representatives, dishonesty subjects and fundraising informants.
import type { Agency } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { type CodeRegistry, makeIdNumber, makePhone } from "./ids.ts";
import { personName } from "./names.ts";
import { provenance } from "./provenance.ts";
import { dateBetween, day } from "./calendar.ts";

export interface PersonSpec {
  countyCode: string;
  owner: Agency;
  reportedAt: Date;
  /** birth years, inclusive */
  bornFrom?: number;
  bornTo?: number;
}

export class PersonBook {
  readonly rows: DemoData["person"] = [];

  constructor(
    private readonly rng: Random,
    private readonly codes: CodeRegistry,
  ) {}

  add(spec: PersonSpec): number {
    const rng = this.rng;
    const female = rng.chance(0.32);
    const birth = dateBetween(rng, day(spec.bornFrom ?? 1955, 1, 1), day(spec.bornTo ?? 1995, 12, 31));
    const id = this.rows.length + 1;
    this.rows.push({
      id,
      name: personName(rng, female),
      idNumber: makeIdNumber(rng, spec.countyCode, birth, female, this.codes.idNumber),
      phone: makePhone(rng, this.codes.phone),
      countyCode: spec.countyCode,
      ...provenance(spec.owner, spec.reportedAt),
    });
    return id;
  }

  get(id: number): DemoData["person"][number] {
    const row = this.rows[id - 1];
    if (!row) throw new Error(`no person ${id}`);
    return row;
  }
}
