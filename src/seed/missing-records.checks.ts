// Invariants of issue 9's records in a seeded database (see missing-records.ts), checked with SQL
// against what was stored; run with the others by checkSeededDatabase (src/seed/checks.ts).
import type { PrismaClient } from "../generated/prisma/client.ts";
import { idNumberCheckChar } from "./ids.ts";

interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}
const num = (v: unknown): number => Number(v);
const one = async (prisma: PrismaClient, sql: string) => (await prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql))[0]!;

export const MISSING_RECORD_CHECKS: ((prisma: PrismaClient) => Promise<CheckResult>)[] = [
  async (prisma) => {
    const r = await one(prisma, `
      SELECT count(*) AS n, count(*) FILTER (WHERE amount_overdue > amount) AS above,
             count(*) FILTER (WHERE (status = 'RESOLVED') <> (amount_overdue = 0)) AS status_mismatch FROM trust_product`);
    return { name: "trust products: overdue ≤ amount, zero exactly when resolved", ok: num(r.n) > 0 && num(r.above) === 0 && num(r.status_mismatch) === 0, detail: `${r.n} products, ${r.above} above amount, ${r.status_mismatch} status mismatches` };
  },
  async (prisma) => {
    const r = await one(prisma, `
      SELECT count(*) AS n,
             count(*) FILTER (WHERE d.method IN ('BATCH_TRANSFER', 'SECURITISATION') AND d.counterparty IS NULL) AS no_buyer,
             count(*) FILTER (WHERE d.method = 'WRITE_OFF' AND NOT EXISTS (
               SELECT 1 FROM loan l WHERE l.lender_id = d.bank_id AND l.borrower_id = d.borrower_id AND l.classification IN ('SUBSTANDARD', 'DOUBTFUL', 'LOSS'))) AS writeoff_not_npl,
             count(*) FILTER (WHERE d.method = 'SECURITISATION' AND i.kind <> 'COMMERCIAL_BANK_BRANCH') AS local_securitisation
      FROM npl_disposal d JOIN institution i ON i.id = d.bank_id`);
    const ok = num(r.n) > 0 && num(r.no_buyer) === 0 && num(r.writeoff_not_npl) === 0 && num(r.local_securitisation) === 0;
    return { name: "NPL disposals: buyers named, write-offs of the bank's own NPL borrowers, securitisation by national banks only", ok, detail: `${r.n} disposals, ${r.no_buyer} without buyer, ${r.writeoff_not_npl} write-offs of no NPL, ${r.local_securitisation} local securitisations` };
  },
  async (prisma) => {
    const r = await one(prisma, `
      SELECT count(*) AS n, count(*) FILTER (WHERE NOT e.is_zombie) AS not_zombie,
             count(*) FILTER (WHERE (z.status = 'TRANSACTED') <> (z.transaction_price IS NOT NULL AND z.transacted_on IS NOT NULL)) AS bad_sale,
             count(*) FILTER (WHERE z.transacted_on < z.listed_on) AS sold_before_listed
      FROM zombie_asset_listing z JOIN enterprise e ON e.id = z.enterprise_id`);
    return { name: "zombie-asset listings: zombies only, sales complete and after listing", ok: num(r.n) > 0 && num(r.not_zombie) === 0 && num(r.bad_sale) === 0 && num(r.sold_before_listed) === 0, detail: `${r.n} listings, ${r.not_zombie} of non-zombies, ${r.bad_sale} incomplete sales, ${r.sold_before_listed} sold before listed` };
  },
  async (prisma) => {
    const rows = await prisma.$queryRawUnsafe<{ year: number; counties: string[]; above: bigint }[]>(`
      SELECT year, array_agg(DISTINCT county_code ORDER BY county_code) AS counties,
             count(*) FILTER (WHERE non_performing_amount > amount OR compensation_paid > non_performing_amount) AS above
      FROM pilot_loan GROUP BY year ORDER BY year`);
    const first = rows[0]?.year ?? 0;
    const ok = rows.length > 0 && rows[0]!.counties.join() === "441704" && rows.every((r) => r.counties.length === Math.min(4, r.year - first + 1) && num(r.above) === 0);
    return { name: "政银保 pilot: 阳东区 first, one county more a year; NPL ≤ amount, compensation ≤ NPL", ok, detail: rows.map((r) => `${r.year}: ${r.counties.length} counties`).join(", ") };
  },
  async (prisma) => {
    const rows = await prisma.$queryRawUnsafe<{ id: string | null; owner: string; received: Date; handled: Date | null }[]>(
      "SELECT complainant_id_number AS id, owner_agency::text AS owner, received_on AS received, handled_on AS handled FROM complaint",
    );
    const badIds = rows.filter((r) => r.id && idNumberCheckChar(r.id.slice(0, 17)) !== r.id[17]).length;
    const badOwners = rows.filter((r) => !["PBOC", "CBRC", "FINANCE_BUREAU", "INSURANCE_ASSOC"].includes(r.owner)).length;
    const badDates = rows.filter((r) => r.handled && r.handled < r.received).length;
    return { name: "complaints: received by a regulator, handled after receipt, complainant IDs valid", ok: rows.length > 0 && badIds + badOwners + badDates === 0, detail: `${rows.length} complaints, ${badIds} bad IDs, ${badOwners} bad receivers, ${badDates} handled before received` };
  },
  async (prisma) => {
    const r = await one(prisma, `
      SELECT count(DISTINCT d.enterprise_id) AS evaders,
             count(DISTINCT d.enterprise_id) FILTER (WHERE NOT EXISTS (SELECT 1 FROM actual_controller a WHERE a.enterprise_id = d.enterprise_id)) AS without
      FROM dishonesty_record d WHERE d.list = 'DEBT_EVASION' AND d.enterprise_id IS NOT NULL`);
    return { name: "actual controllers: every debt-evading enterprise has one (二(四)2)", ok: num(r.without) === 0, detail: `${r.evaders} debt-evading enterprises, ${r.without} without a controller` };
  },
  async (prisma) => {
    const r = await one(prisma, `
      WITH book AS (
        SELECT lender_id, sum(balance) FILTER (WHERE classification IN ('SUBSTANDARD', 'DOUBTFUL', 'LOSS')) / nullif(sum(balance), 0) AS npl
        FROM loan WHERE retired_at IS NULL GROUP BY lender_id)
      SELECT count(*) AS banks, count(*) FILTER (WHERE abs(i.sme_npl_tolerance - (coalesce(b.npl, 0) + 0.02)) > 0.000001) AS off,
             (SELECT count(*) FROM institution WHERE sme_npl_tolerance IS NOT NULL AND kind NOT IN ('COMMERCIAL_BANK_BRANCH', 'LOCAL_LEGAL_PERSON_BANK', 'RURAL_CREDIT_COOP')) AS non_banks
      FROM institution i JOIN book b ON b.lender_id = i.id`);
    return { name: "SME NPL tolerance = the bank's NPL ratio + 2 pp (银监发〔2015〕8号)", ok: num(r.banks) > 0 && num(r.off) === 0 && num(r.non_banks) === 0, detail: `${r.banks} banks, ${r.off} off, ${r.non_banks} non-banks with one` };
  },
];
