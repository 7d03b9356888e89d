// Every mutation of the graph, with a way to make fresh, valid arguments for one write of it (its
// prerequisites written first), and operations built from the schema for any selection. Tests
// that must cover every mutation take the list from the schema and find the case here, so a new
// mutation without a case fails them.
import { AS_OF } from "../../src/seed/calendar.ts";
import { buildClientSchema, getIntrospectionQuery, getNamedType, isLeafType, isNonNullType, isObjectType, isUnionType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { schema } from "../../src/schema.ts";
import { enterpriseInput, newUscc } from "./factories.ts";
import { idNumberCheckChar } from "../../src/enterprise/id-number.ts";
import type { TestServer } from "./server.ts";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { seededEnterprise as seededEnterpriseRow, testAlert, testRule } from "./alerts.ts";

export interface MutationCase {
  /** the demo key label that writes it */
  as: string;
  /** fresh arguments for one write (without idempotencyKey); prerequisites are written first */
  prepare(): Promise<Record<string, unknown>>;
  /** for writes that keep no change history: the rows the write adds, counted in the database */
  rows?(args: Record<string, unknown>): Promise<number>;
}

export const mutationFields = (): GraphQLField<unknown, unknown>[] => Object.values(schema.getMutationType()!.getFields());
export const takesIdempotencyKey = (field: GraphQLField<unknown, unknown>) => field.args.some((a) => a.name === "idempotencyKey");

const leavesOf = (type: GraphQLObjectType) =>
  Object.values(type.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)))
    .map((f) => f.name);

/**
 * The success member of a mutation's result union, and a selection of its `data`: every leaf
 * field, and the leaf fields of every object one level down (relations, computed objects).
 */
function successOf(name: string, view: GraphQLSchema = schema): { type: GraphQLObjectType; selection: string } {
  const result = getNamedType(view.getMutationType()!.getFields()[name]!.type);
  if (!isUnionType(result)) throw new Error(`${name} does not answer with a result union`);
  const type = result.getTypes().find((t) => t.name.endsWith("Success"))!;
  const data = getNamedType(type.getFields().data!.type) as GraphQLObjectType;
  const nested = Object.values(data.getFields()).flatMap((f) => {
    const target = getNamedType(f.type);
    if (!isObjectType(target) || f.args.some((a) => isNonNullType(a.type))) return [];
    const leaves = leavesOf(target);
    return leaves.length ? [`${f.name} { ${leaves.join(" ")} }`] : [];
  });
  return { type, selection: [...leavesOf(data), ...nested].join(" ") };
}

/**
 * The schema as `as` sees it (its introspection): a selection built from it stays within what
 * that principal may ask for, since operations are validated against each principal's view.
 */
export async function viewOf(server: TestServer, as: string): Promise<GraphQLSchema> {
  const res = await server.gql(getIntrospectionQuery(), {}, as);
  if (!res.body.data) throw new Error(`introspection as ${as} failed: ${JSON.stringify(res.body.errors)}`);
  return buildClientSchema(res.body.data as unknown as IntrospectionQuery);
}

export const SELECTIONS = {
  /** the outcome and the record written: its leaf fields and those of the objects it links to */
  full: (name: string, view?: GraphQLSchema) => {
    const { type, selection } = successOf(name, view);
    return `__typename ... on MutationError { message } ... on ${type.name} { data { ${selection} } }`;
  },
  typenameOnly: () => "__typename",
  /** only a member of the result union that a success is not */
  errorMemberOnly: () => "... on ValidationError { message }",
};

/** `mutation <op>($a: T, …) { name(a: $a, …) { selection } }` for the arguments given, typed from the schema. */
export function mutationDocument(name: string, argNames: string[], selection: string, operationName = "Write"): string {
  const field = schema.getMutationType()!.getFields()[name]!;
  const args = field.args.filter((a) => argNames.includes(a.name));
  const defs = args.map((a) => `$${a.name}: ${String(a.type)}`).join(", ");
  const uses = args.map((a) => `${a.name}: $${a.name}`).join(", ");
  return `mutation ${operationName}${defs ? `(${defs})` : ""} { ${name}${uses ? `(${uses})` : ""} { ${selection} } }`;
}

const DAY = 86_400_000;
/** The business date of a test server: the demo dataset's as-of date (src/clock.ts). */
const chinaToday = () => AS_OF;
const inDays = (n: number) => new Date(chinaToday().getTime() + n * DAY).toISOString().slice(0, 10);
/** 阳春农商行: a local legal-person bank, which reports its own indicators (branches report none) */
const BANK = "B1219H244178101";
const BANK_KINDS = ["LOCAL_LEGAL_PERSON_BANK", "RURAL_CREDIT_COOP"];

export function mutationCases(server: TestServer): Record<string, MutationCase> {
  const db = () => server.running.db.prisma;
  let n = 0;
  const tag = () => `${process.pid % 10000}${String(++n).padStart(4, "0")}`;
  /** A distinct past quarter end per call, in years the seed leaves empty. */
  const quarterEnd = () => {
    const k = ++n;
    return `${1990 + Math.floor(k / 4)}-${["03-31", "06-30", "09-30", "12-31"][k % 4]}`;
  };

  /** Runs a prerequisite write and returns its data; throws with the answer when it does not succeed. */
  async function write(name: string, args: Record<string, unknown>, as: string, selection = "id"): Promise<any> {
    const res = await server.gql(mutationDocument(name, Object.keys(args), `__typename ... on MutationError { message } ... on ${successOf(name).type.name} { data { ${selection} } }`, "Prepare"), args, as);
    const result = res.body.data?.[name];
    if (!result?.__typename?.endsWith("Success")) throw new Error(`preparing ${name}: ${JSON.stringify(res.body)}`);
    return result.data;
  }
  const seededEnterprise = async (county = "441704", skip = 0) =>
    (await db().enterprise.findFirstOrThrow({ where: { countyCode: county, retiredAt: null }, orderBy: { id: "asc" }, skip })).uscc;
  const newEnterprise = async (county = "441704") => {
    const input = enterpriseInput({ uscc: newUscc(county), county });
    await write("upsertEnterprise", { input }, "MARKET_REGULATION");
    return input.uscc;
  };

  const trustProduct = () => ({ productCode: `TPTWIN-${tag()}`, name: "孪生测试信托计划", kind: "TRUST_PLAN", manager: "粤财信托有限公司", amount: "30000000.00", dueDate: "2017-06-30", amountOverdue: "1000000.00", status: "OVERDUE" });
  const nplDisposal = () => ({ disposalNo: `NPLTWIN-${tag()}`, bank: BANK, periodEnd: "2017-06-30", method: "WRITE_OFF", amount: "1000000.00" });
  const zombieListing = async () => ({
    listingNo: `ZATWIN-${tag()}`,
    enterpriseUscc: (await db().enterprise.findFirstOrThrow({ where: { isZombie: true }, orderBy: { id: "asc" } })).uscc,
    assetKind: "EQUIPMENT",
    description: "孪生测试设备",
    listedOn: "2017-03-01",
    askingPrice: "1000000.00",
    status: "LISTED",
  });
  /** A (county, year, bank) that no pilot row has yet, nor an earlier call handed out. */
  const pilotKeys = new Set<string>();
  const pilotLoan = async () => {
    const [banks, taken] = await Promise.all([
      db().institution.findMany({ where: { kind: "COMMERCIAL_BANK_BRANCH" }, orderBy: { id: "asc" } }),
      db().pilotLoan.findMany({ select: { countyCode: true, year: true, bankId: true } }),
    ]);
    for (const r of taken) pilotKeys.add(`${r.countyCode}/${r.year}/${r.bankId}`);
    for (const year of [2016, 2017, 2018]) for (const county of ["441702", "441704", "441721", "441781"]) for (const bank of banks) {
      const key = `${county}/${year}/${bank.id}`;
      if (pilotKeys.has(key)) continue;
      pilotKeys.add(key);
      return { county, year, bank: bank.code, insurer: "000002441700", loanCount: 10, amount: "1000000.00", nonPerformingAmount: "0", compensationPaid: "0" };
    }
    throw new Error("no free (county, year, bank) left for a pilot loan");
  };
  const loanInput = async () => ({
    contractNo: `TWINLD${tag()}`,
    lender: BANK,
    borrower: await seededEnterprise(),
    amount: "5000000.00",
    balance: "4000000.00",
    interestRate: "0.0435",
    startDate: inDays(-300),
    maturityDate: inDays(430),
    purpose: "流动资金周转",
    classification: "NORMAL",
  });
  const guaranteeInput = async () => ({
    contractNo: `TWINBZ${tag()}`,
    guarantor: await seededEnterprise("441704", 1),
    borrower: await seededEnterprise("441704", 2),
    amount: "2000000.00",
    kind: "SURETY",
    startDate: inDays(-300),
    endDate: inDays(1160),
  });
  const planInput = async () => ({
    planNo: `YQYC-TWIN-${tag()}`,
    enterprise: await seededEnterprise("441704", 3),
    leadInstitution: BANK,
    adoptedOn: inDays(-300),
    targetDate: inDays(430),
    targetLiabilityRatio: "0.65",
    measures: "压降银行授信总额，不再新增对外担保。",
    status: "ACTIVE",
  });
  const bondInput = async () => ({
    code: `8${tag()}`,
    name: `孪生测试债券${n}`,
    issuerUscc: await seededEnterprise(),
    kind: "ENTERPRISE_BOND",
    amount: "500000000.00",
    couponRate: "0.045",
    issueDate: inDays(-400),
    maturityDate: inDays(3 * 365),
    statedPurpose: "城市棚户区改造项目",
  });
  const bondWithSchedule = async () => {
    const input = await bondInput();
    await write("upsertBond", { input }, "DEVELOPMENT_REFORM");
    const items = [
      { dueDate: inDays(-35), kind: "COUPON", amountDue: "22500000.00" },
      { dueDate: inDays(10), kind: "COUPON", amountDue: "22500000.00" },
      { dueDate: input.maturityDate, kind: "PRINCIPAL", amountDue: "500000000.00" },
    ];
    await write("setBondSchedule", { code: input.code, items }, "DEVELOPMENT_REFORM");
    return { code: input.code, items };
  };
  const debtInput = () => ({
    debtNo: `ZWTWIN${tag()}`,
    county: "441704",
    debtClass: "SPECIAL",
    instrument: "BANK_LOAN",
    borrowerUnit: "阳江市阳东区交通运输局",
    principal: "50000000.00",
    balance: "40000000.00",
    startDate: "2014-05-01",
    maturityDate: "2030-03-01",
  });
  const venueInput = () => ({ code: `JYCSTWIN${tag()}`, name: `孪生测试交易中心${n}有限公司`, kind: "EQUITY_EXCHANGE", county: "441704", uscc: newUscc("441704"), approvedOn: "2016-06-01" });
  const venueInspection = async () => {
    const venue = venueInput();
    await write("upsertTradingVenue", { input: venue }, "FINANCE_BUREAU");
    return {
      inspectionNo: `阳金监检〔孪生〕${tag()}号`,
      venueCode: venue.code,
      inspectedOn: inDays(-60),
      inspector: "市金融局地方金融监管科",
      findings: "发现违规问题1项。",
      violations: [{ kind: "ILLEGAL_FINANCIAL_BUSINESS", description: "违规发行销售类理财产品", rectification: { orderNo: `阳金整改〔孪生〕${tag()}号`, deadline: inDays(30) } }],
    };
  };
  const dishonestyInput = async () => ({
    documentNo: `阳孪生失信〔2018〕${tag()}号`,
    enterprise: await newEnterprise(),
    list: "TAX_VIOLATION",
    sourceAgency: "国家税务总局阳江市税务局",
    decidedBy: "国家税务总局阳江市税务局稽查局",
    reason: "虚开增值税专用发票，涉及税额120万元",
    listedOn: inDays(-30),
    expiresOn: inDays(3 * 365),
  });
  /** A loan PBOC (which reads loans) has no open dispute on yet, as a global id. */
  let loanSkip = 0;
  const undisputedLoan = async () => {
    const [loan] = await db().loan.findMany({ where: { retiredAt: null }, orderBy: { id: "asc" }, skip: loanSkip++, take: 1 });
    return encodeGlobalID("Loan", loan!.id);
  };
  const newPunishmentCase = async () => {
    const { documentNo } = await newDishonestyRecord();
    return (await write("initiatePunishmentCase", { documentNo, memorandum: `孪生测试备忘录${tag()}`, measures: ["RESTRICT_FINANCING"], agencies: ["CBRC", "PBOC"] }, "DEVELOPMENT_REFORM")).id as string;
  };
  const newDishonestyRecord = async () => {
    const input = await dishonestyInput();
    await write("upsertDishonestyRecord", { input }, "DEVELOPMENT_REFORM");
    return input;
  };
  const clueInput = () => ({
    clueNo: `阳处非线孪生-${tag()}`,
    source: "MONITORING",
    receivedOn: inDays(-30),
    suspectName: `孪生测试投资咨询工作室${n}`,
    county: "441704",
    description: "以高额回报为诱饵，通过微信群向社会不特定公众吸收资金",
    amountInvolved: "150000.00",
    peopleAffected: 7,
  });
  const newClue = async () => {
    const input = clueInput();
    await write("upsertFundraisingClue", { input }, "FINANCE_BUREAU");
    return input.clueNo;
  };
  const accessRequest = async () => {
    const data = await write("requestAccess", { resource: "debt.loans", purpose: `孪生测试用途${tag()}`, until: new Date(Date.now() + 30 * DAY).toISOString() }, "DEVELOPMENT_REFORM");
    return Number(data.id);
  };
  const newKey = async () => (await write("createApiKey", { input: { agency: "PBOC", name: `twin-key-${tag()}` } }, "FINANCE_BUREAU", "apiKey { prefix }")).apiKey.prefix as string;
  let watchYear = 2040;
  // Webhooks are the credit platform's demo key's (the only SYSTEM demo key); 127.0.0.1 is allowed in tests (helpers/server.ts).
  const webhookInput = () => ({ url: `http://127.0.0.1:9/hooks/${tag()}`, topics: ["ALERT_RAISED"] });
  const newEndpoint = async () => Number((await write("registerWebhookEndpoint", { input: webhookInput() }, "CREDIT_PLATFORM", "endpoint { id }")).endpoint.id);
  /** A DEAD delivery of a new endpoint (written in SQL: a dead one otherwise takes every attempt). */
  const deadDelivery = async () => {
    const endpointId = await newEndpoint();
    const [row] = await db().$queryRawUnsafe<{ id: bigint }[]>(
      `WITH e AS (INSERT INTO outbox_event (id, topic, payload, dispatched_at) VALUES (gen_random_uuid(), 'alert.raised', '{}'::jsonb, CURRENT_TIMESTAMP) RETURNING id)
       INSERT INTO webhook_delivery (endpoint_id, event_id, status, body, attempts) SELECT $1, id, 'DEAD', '{}', 3 FROM e RETURNING id`,
      endpointId,
    );
    return String(row!.id);
  };

  /** A fresh OPEN alert assigned to CBRC on a seeded enterprise (or the one given), by its global id. */
  const alertFor = async (enterpriseId?: number) => {
    const rule = await testRule(db(), { resources: ["enterprise.registration"], responsibleAgencies: ["CBRC"] });
    const e = enterpriseId ? await db().enterprise.findUniqueOrThrow({ where: { id: enterpriseId } }) : await seededEnterpriseRow(db());
    const alert = await testAlert(db(), { ruleId: rule.id, subjectId: e.id, subjectKey: e.uscc, subjectName: e.name, countyCode: e.countyCode });
    return encodeGlobalID("Alert", alert.id);
  };
  const alertEvents = (kind: string) => async (args: Record<string, unknown>) =>
    db().alertEvent.count({ where: { alertId: Number(decodeGlobalID(String(args.id)).id), kind: kind as never } });

  return {
    // enterprises and statements
    upsertEnterprise: { as: "MARKET_REGULATION", prepare: async () => ({ input: enterpriseInput() }) },
    retireEnterprise: { as: "MARKET_REGULATION", prepare: async () => ({ uscc: await newEnterprise() }) },
    setZombieStatus: { as: "INDUSTRY_IT", prepare: async () => ({ uscc: await newEnterprise(), isZombie: true }) },
    upsertFinancialStatement: {
      as: "PBOC",
      prepare: async () => ({
        input: {
          uscc: await seededEnterprise(),
          periodEnd: quarterEnd(),
          periodType: "QUARTERLY",
          totalAssets: "9000000.00",
          currentAssets: "4000000.00",
          totalLiabilities: "5000000.00",
          currentLiabilities: "2000000.00",
          shortTermBorrowings: "1000000.00",
          longTermBorrowings: "1500000.00",
          privateLending: "0.00",
          revenue: "3000000.00",
          netProfit: "200000.00",
        },
      }),
    },
    retireFinancialStatement: {
      as: "PBOC",
      prepare: async () => {
        const uscc = await seededEnterprise();
        const periodEnd = quarterEnd();
        const figures = { totalAssets: "9000000.00", currentAssets: "4000000.00", totalLiabilities: "5000000.00", currentLiabilities: "2000000.00", shortTermBorrowings: "1000000.00", longTermBorrowings: "1500000.00", privateLending: "0.00", revenue: "3000000.00", netProfit: "200000.00" };
        await write("upsertFinancialStatement", { input: { uscc, periodEnd, periodType: "QUARTERLY", ...figures } }, "PBOC");
        return { uscc, periodEnd, periodType: "QUARTERLY" };
      },
    },
    // loans, guarantees, top lists, plans
    upsertLoan: { as: "CBRC", prepare: async () => ({ input: await loanInput() }) },
    retireLoan: {
      as: "CBRC",
      prepare: async () => {
        const input = await loanInput();
        await write("upsertLoan", { input }, "CBRC");
        return { contractNo: input.contractNo };
      },
    },
    upsertLoans: {
      as: "CBRC",
      prepare: async () => ({ input: { rows: [await loanInput(), await loanInput(), await loanInput()] } }),
      rows: async (args) => db().loan.count({ where: { contractNo: { in: (args.input as { rows: { contractNo: string }[] }).rows.map((r) => r.contractNo) } } }),
    },
    upsertGuarantee: { as: "CBRC", prepare: async () => ({ input: await guaranteeInput() }) },
    retireGuarantee: {
      as: "CBRC",
      prepare: async () => {
        const input = await guaranteeInput();
        await write("upsertGuarantee", { input }, "CBRC");
        return { contractNo: input.contractNo };
      },
    },
    submitTopList: {
      as: "CBRC",
      prepare: async () => {
        const k = ++n;
        return { lender: BANK, month: `${1990 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}-01`, kind: "TOP_BORROWERS", entries: [{ rank: 1, uscc: await seededEnterprise(), exposure: "900000000" }] };
      },
    },
    upsertDeleveragingPlan: { as: "CBRC", prepare: async () => ({ input: await planInput() }) },
    retireDeleveragingPlan: {
      as: "CBRC",
      prepare: async () => {
        const input = await planInput();
        await write("upsertDeleveragingPlan", { input }, "CBRC");
        return { planNo: input.planNo };
      },
    },
    // bonds
    upsertBond: { as: "DEVELOPMENT_REFORM", prepare: async () => ({ input: await bondInput() }) },
    retireBond: {
      as: "DEVELOPMENT_REFORM",
      prepare: async () => {
        const input = await bondInput();
        await write("upsertBond", { input }, "DEVELOPMENT_REFORM");
        return { code: input.code };
      },
    },
    setBondSchedule: {
      as: "DEVELOPMENT_REFORM",
      prepare: async () => {
        const input = await bondInput();
        await write("upsertBond", { input }, "DEVELOPMENT_REFORM");
        return { code: input.code, items: [{ dueDate: inDays(10), kind: "COUPON", amountDue: "22500000.00" }, { dueDate: input.maturityDate, kind: "PRINCIPAL", amountDue: "500000000.00" }] };
      },
    },
    recordBondPayment: {
      as: "DEVELOPMENT_REFORM",
      prepare: async () => {
        const { code, items } = await bondWithSchedule();
        return { input: { bondCode: code, dueDate: items[0]!.dueDate, kind: "COUPON", paidOn: items[0]!.dueDate, amountPaid: "22500000.00", outcome: "ON_TIME" } };
      },
      rows: async (args) => {
        const input = args.input as { bondCode: string; dueDate: string };
        return db().bondPayment.count({ where: { scheduleItem: { bond: { code: input.bondCode }, dueDate: new Date(input.dueDate) } } });
      },
    },
    recordAdvanceNotice: {
      as: "DEVELOPMENT_REFORM",
      prepare: async () => {
        const { code, items } = await bondWithSchedule();
        return { bondCode: code, dueDate: items[1]!.dueDate, kind: "COUPON", sentAt: `${inDays(-1)}T02:00:00.000Z` };
      },
    },
    recordBondInspection: {
      as: "DEVELOPMENT_REFORM",
      prepare: async () => {
        const { code } = await bondWithSchedule();
        return {
          input: {
            inspectionNo: `阳发改财金稽〔孪生〕${tag()}号`,
            bondCode: code,
            inspectedOn: inDays(-3),
            inspector: "市发展改革局稽察组",
            conclusion: "发现问题1项，责令整改。",
            findings: [{ kind: "PROCEEDS_MISUSE", description: "募集资金2000万元被挪作日常经营周转" }],
          },
        };
      },
    },
    // government debt
    upsertGovernmentDebt: { as: "FISCAL", prepare: async () => ({ input: debtInput() }) },
    retireGovernmentDebt: {
      as: "FISCAL",
      prepare: async () => {
        const input = debtInput();
        await write("upsertGovernmentDebt", { input }, "FISCAL");
        return { debtNo: input.debtNo };
      },
    },
    recordDebtReplacement: {
      as: "FISCAL",
      prepare: async () => {
        const input = debtInput();
        await write("upsertGovernmentDebt", { input }, "FISCAL");
        return { debtNo: input.debtNo, replacedOn: "2016-08-15", amount: "25000000.00", replacementBondCode: `2016广东债${tag()}` };
      },
    },
    upsertFinancingPlatform: {
      as: "FISCAL",
      prepare: async () => ({ input: { uscc: await newEnterprise("441781"), county: "441781", supervisingDepartment: "阳春市财政局（国资办）", transformationStatus: "NOT_STARTED" } }),
    },
    upsertPppProject: {
      as: "FISCAL",
      prepare: async () => ({
        input: { projectNo: `PPPTWIN${tag()}`, name: "阳东区孪生测试PPP项目", county: "441704", totalInvestment: "300000000.00", annualGovernmentPayment: "20000000.00", startDate: "2017-07-01", termYears: 15, status: "PROCUREMENT" },
      }),
    },
    upsertBondOnLending: {
      as: "FISCAL",
      prepare: async () => ({
        input: { referenceNo: `ZDTWIN${tag()}`, county: "441700", provincialBondCode: "2018广东专项债05", debtClass: "SPECIAL", amount: "150000000.00", lentOn: "2018-03-10", maturityDate: "2028-03-10", purpose: "产业园区基础设施" },
      }),
    },
    // institutions
    reportIndicators: {
      as: "CBRC",
      prepare: async () => ({ input: { institutionCode: BANK, periodEnd: quarterEnd(), values: [{ indicator: "LEVERAGE_RATIO", value: "0.035" }] } }),
    },
    upsertWatchLine: {
      as: "FINANCE_BUREAU",
      prepare: async () => ({
        input: { indicator: "NPL_RATIO", institutionKinds: BANK_KINDS, comparator: "BELOW", threshold: "0.012", effectiveFrom: `${++watchYear}-01-01`, legalSource: `孪生测试依据${tag()}` },
      }),
    },
    rateInstitution: {
      as: "FINANCE_BUREAU",
      prepare: async () => {
        // Ratings run from 2016 to the business year (2018): a year already rated is corrected
        // with the version it replaces.
        const institution = await db().institution.findFirstOrThrow({ where: { kind: { in: ["SMALL_LOAN", "FINANCING_GUARANTEE", "FINANCING_LEASING"] } }, orderBy: { id: "asc" }, skip: n++ % 16 });
        const year = AS_OF.getUTCFullYear() - (Math.floor(n / 16) % 3);
        const existing = await db().institutionRating.findUnique({ where: { institutionId_year: { institutionId: institution.id, year } } });
        return { code: institution.code, year, rating: ["A", "B", "C"][n % 3], ratedBy: `阳江市金融工作局${tag()}`, ...(existing ? { expectedVersion: existing.version } : {}) };
      },
    },
    // venues
    upsertTradingVenue: { as: "FINANCE_BUREAU", prepare: async () => ({ input: venueInput() }) },
    retireTradingVenue: {
      as: "FINANCE_BUREAU",
      prepare: async () => {
        const input = venueInput();
        await write("upsertTradingVenue", { input }, "FINANCE_BUREAU");
        return { code: input.code };
      },
    },
    recordVenueInspection: { as: "FINANCE_BUREAU", prepare: async () => ({ input: await venueInspection() }) },
    updateRectification: {
      as: "FINANCE_BUREAU",
      prepare: async () => {
        const input = await venueInspection();
        await write("recordVenueInspection", { input }, "FINANCE_BUREAU");
        return { orderNo: input.violations[0]!.rectification.orderNo, status: "IN_PROGRESS" };
      },
    },
    // credit
    upsertDishonestyRecord: { as: "DEVELOPMENT_REFORM", prepare: async () => ({ input: await dishonestyInput() }) },
    changeDishonestyStatus: {
      as: "DEVELOPMENT_REFORM",
      prepare: async () => ({ documentNo: (await newDishonestyRecord()).documentNo, status: "REPAIRED", changedOn: inDays(-1), expectedVersion: 1 }),
    },
    deleteDishonestyRecord: { as: "DEVELOPMENT_REFORM", prepare: async () => ({ documentNo: (await newDishonestyRecord()).documentNo, expectedVersion: 1 }) },
    addPunishmentMeasure: {
      as: "DEVELOPMENT_REFORM",
      prepare: async () => ({ documentNo: (await newDishonestyRecord()).documentNo, agency: "PBOC", measure: "RESTRICT_FINANCING", appliedOn: inDays(-1) }),
    },
    upsertCreditEvaluation: {
      as: "PBOC",
      prepare: async () => ({ input: { uscc: await seededEnterprise(), evaluatedOn: inDays(-10), evaluator: `孪生测试评级机构${tag()}`, grade: "AA+", validUntil: inDays(355) } }),
    },
    // fundraising
    upsertFundraisingClue: { as: "FINANCE_BUREAU", prepare: async () => ({ input: clueInput() }) },
    advanceClueStatus: { as: "FINANCE_BUREAU", prepare: async () => ({ clueNo: await newClue(), status: "INVESTIGATING", expectedVersion: 1 }) },
    fileFundraisingCase: { as: "PUBLIC_SECURITY", prepare: async () => ({ clueNo: await newClue(), caseNo: `阳公（经）立字〔孪生〕${tag()}号`, filedOn: inDays(-1) }) },
    // issue 9's records (fixed past dates: the demo database may run on its own clock)
    upsertTrustProduct: { as: "CBRC", prepare: async () => ({ input: trustProduct() }) },
    retireTrustProduct: {
      as: "CBRC",
      prepare: async () => {
        const input = trustProduct();
        await write("upsertTrustProduct", { input }, "CBRC");
        return { productCode: input.productCode };
      },
    },
    upsertNplDisposal: { as: "CBRC", prepare: async () => ({ input: nplDisposal() }) },
    retireNplDisposal: {
      as: "CBRC",
      prepare: async () => {
        const input = nplDisposal();
        await write("upsertNplDisposal", { input }, "CBRC");
        return { disposalNo: input.disposalNo };
      },
    },
    upsertZombieAssetListing: { as: "INDUSTRY_IT", prepare: async () => ({ input: await zombieListing() }) },
    retireZombieAssetListing: {
      as: "INDUSTRY_IT",
      prepare: async () => {
        const input = await zombieListing();
        await write("upsertZombieAssetListing", { input }, "INDUSTRY_IT");
        return { listingNo: input.listingNo };
      },
    },
    upsertPilotLoan: { as: "FINANCE_BUREAU", prepare: async () => ({ input: await pilotLoan() }) },
    upsertComplaint: {
      as: "CBRC",
      prepare: async () => ({ input: { complaintNo: `TSTWIN-${tag()}`, receivedOn: "2017-04-10", channel: "HOTLINE", county: "441704", enterpriseUscc: await seededEnterprise(), category: "FEES", summary: "孪生测试：反映乱收费", status: "RECEIVED" } }),
    },
    upsertActualController: {
      as: "MARKET_REGULATION",
      prepare: async () => {
        const t = tag();
        const body17 = `441704198${t.slice(-4, -3)}0101${t.slice(-3)}`;
        return { input: { enterpriseUscc: await newEnterprise(), person: { name: `孪生${tag()}`, idNumber: body17 + idNumberCheckChar(body17) }, basis: "AGREEMENT", identifiedOn: "2017-01-01" } };
      },
    },
    // progress
    submitProgressReport: { as: "PBOC", prepare: async () => ({ quarterEnd: quarterEnd(), summary: `孪生测试：监测重点企业${n}户。` }) },
    // sharing and keys
    requestAccess: {
      as: "DEVELOPMENT_REFORM",
      prepare: async () => ({ resource: "debt.loans", purpose: `孪生测试用途${tag()}`, until: new Date(Date.now() + 30 * DAY).toISOString() }),
      rows: async (args) => db().accessRequest.count({ where: { purpose: String(args.purpose) } }),
    },
    approveAccessRequest: { as: "CBRC", prepare: async () => ({ requestId: await accessRequest() }) },
    rejectAccessRequest: { as: "CBRC", prepare: async () => ({ requestId: await accessRequest(), reason: "用途与所申请数据无关" }) },
    revokeAccessGrant: {
      as: "CBRC",
      prepare: async () => {
        const grant = await write("approveAccessRequest", { requestId: await accessRequest() }, "CBRC");
        return { grantId: Number(grant.id), reason: "用途已完成" };
      },
    },
    // issue 10: the requester ends its own grant
    markPurposeAchieved: {
      as: "DEVELOPMENT_REFORM",
      prepare: async () => {
        const grant = await write("approveAccessRequest", { requestId: await accessRequest() }, "CBRC");
        return { grantId: Number(grant.id), note: "用途已达成，数据已删除" };
      },
    },
    setPolicyCell: { as: "FINANCE_BUREAU", prepare: async () => ({ resource: "debt.guarantees", principal: "FISCAL", sharing: "CONDITIONAL", reason: `孪生测试原因${tag()}` }) },
    createApiKey: { as: "FINANCE_BUREAU", prepare: async () => ({ input: { agency: "PBOC", name: `twin-key-${tag()}` } }) },
    rotateApiKey: { as: "FINANCE_BUREAU", prepare: async () => ({ prefix: await newKey() }) },
    revokeApiKey: { as: "FINANCE_BUREAU", prepare: async () => ({ prefix: await newKey() }) },
    setApiKeySystems: { as: "FINANCE_BUREAU", prepare: async () => ({ prefix: await newKey(), systems: ["pboc-statements"] }) },
    registerWebhookEndpoint: {
      as: "CREDIT_PLATFORM",
      prepare: async () => ({ input: webhookInput() }),
      rows: async (args) => db().webhookEndpoint.count({ where: { url: String((args.input as { url: string }).url) } }),
    },
    rotateWebhookSecret: { as: "CREDIT_PLATFORM", prepare: async () => ({ id: await newEndpoint() }) },
    revokeWebhookEndpoint: { as: "CREDIT_PLATFORM", prepare: async () => ({ id: await newEndpoint() }) },
    redeliverWebhook: { as: "CREDIT_PLATFORM", prepare: async () => ({ id: await deadDelivery() }) },
    // writes alerts (and no record of its own: its audit entry says what it did)
    evaluateRiskRules: { as: "FINANCE_BUREAU", prepare: async () => ({}) },
    // issue 10: disputes, notices, joint-punishment cases
    disputeRecord: { as: "PBOC", prepare: async () => ({ record: await undisputedLoan(), fields: ["balance"], reason: `孪生测试异议${tag()}`, evidence: "本行台账余额不同" }) },
    answerDispute: {
      as: "CBRC",
      prepare: async () => {
        const dispute = await write("disputeRecord", { record: await undisputedLoan(), fields: ["balance"], reason: `孪生测试异议${tag()}`, evidence: "本行台账余额不同" }, "PBOC");
        return { id: dispute.id, accept: false, answer: "经核实，原数据无误" };
      },
    },
    acknowledgeNotice: {
      as: "PBOC",
      prepare: async () => {
        const eventId = crypto.randomUUID();
        const notice = await db().notice.create({ data: { agency: "PBOC", kind: "CORRECTED", entityType: "Loan", entityId: 1, entityKey: `TWIN-${tag()}`, fields: ["balance"], eventId } });
        return { id: encodeGlobalID("Notice", notice.id) };
      },
      rows: async (args) => db().notice.count({ where: { id: Number(decodeGlobalID(String(args.id)).id), acknowledgedAt: { not: null } } }),
    },
    initiatePunishmentCase: {
      as: "DEVELOPMENT_REFORM",
      prepare: async () => ({ documentNo: (await newDishonestyRecord()).documentNo, memorandum: `孪生测试备忘录${tag()}`, measures: ["RESTRICT_FINANCING"], agencies: ["CBRC", "PBOC"] }),
      rows: async (args) => db().punishmentCase.count({ where: { memorandum: String(args.memorandum) } }),
    },
    respondToPunishmentCase: {
      as: "PBOC",
      prepare: async () => ({ id: await newPunishmentCase(), accept: true }),
      rows: async (args) => db().punishmentTask.count({ where: { caseId: Number(decodeGlobalID(String(args.id)).id), agency: "PBOC", status: "ACCEPTED" } }),
    },
    feedBackPunishmentCase: {
      as: "PBOC",
      prepare: async () => {
        const id = await newPunishmentCase();
        await write("respondToPunishmentCase", { id, accept: true }, "PBOC");
        return { id, measure: "RESTRICT_FINANCING", actedOn: inDays(0), feedback: "拒绝其贷款申请" };
      },
      rows: async (args) => db().punishmentTask.count({ where: { caseId: Number(decodeGlobalID(String(args.id)).id), agency: "PBOC", status: "FED_BACK" } }),
    },
    // early warning (alerts written as the evaluator writes them, test/helpers/alerts.ts)
    acknowledgeAlert: { as: "CBRC", prepare: async () => ({ id: await alertFor(), expectedVersion: 1 }), rows: alertEvents("ACKNOWLEDGED") },
    startAlertDisposal: {
      as: "CBRC",
      prepare: async () => {
        const plan = await db().deleveragingPlan.findFirstOrThrow({ where: { retiredAt: null }, orderBy: { id: "asc" } });
        return { id: await alertFor(plan.enterpriseId), planNo: plan.planNo };
      },
      rows: alertEvents("DISPOSAL_STARTED"),
    },
    resolveAlert: { as: "CBRC", prepare: async () => ({ id: await alertFor(), reason: "企业已补充担保，风险化解" }), rows: alertEvents("RESOLVED") },
    dismissAlert: { as: "CBRC", prepare: async () => ({ id: await alertFor(), reason: "数据报送错误，已更正" }), rows: alertEvents("DISMISSED") },
    commentOnAlert: { as: "CBRC", prepare: async () => ({ id: await alertFor(), note: `孪生测试备注${tag()}` }), rows: alertEvents("COMMENTED") },
    updateRiskRule: {
      as: "FINANCE_BUREAU",
      prepare: async () => {
        const rule = await testRule(db(), { resources: ["enterprise.registration"], parameters: { threshold: 0.7 } });
        return { code: rule.code, input: { parameters: JSON.stringify({ threshold: 0.75 }) }, reason: "孪生测试：调整阈值" };
      },
    },
  };
}

