// Recording illegal-fundraising clues (owner: the fundraising office of the Financial Work Bureau).
//
// Informant rule: only a clue from a public report (source REPORT) has an informant. Giving one
// is optional, because anonymous reports (匿名举报) are accepted; a reward, though, is paid to a
// named person, so rewardAmount needs an informant. Leaving `informant` out of an update keeps
// the one on record.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { IssueCollector, date, money, text, uscc } from "../writes/rules.ts";
import { isValidUscc } from "../enterprise/uscc.ts";
import { chinaDay } from "../credit/calendar-day.ts";
import { ensurePerson, lookUpPerson, personSchema } from "../credit/person-subject.ts";
import { ClueSourceEnum } from "./clue.enums.ts";
import { FundraisingClueNode } from "./clue.type.ts";
import { writeResult } from "../credit/write-result.ts";
import { countyOf } from "../writes/county.ts";

const InformantInput = builder.inputType("InformantInput", {
  description: "The person reporting a clue (举报人), identified by the resident ID number; registered on the platform when new.",
  fields: (t) => ({
    name: t.string({ required: true, description: "Name (姓名); must match the name already registered under the ID number, if any." }),
    idNumber: t.string({ required: true, description: "Resident ID number (身份证号码), 18 characters with a valid check character." }),
    phone: t.string({ required: true, description: "Mobile phone (手机号码), 11 digits, to follow up and pay the reward." }),
  }),
});

const FundraisingClueInput = builder.inputType("FundraisingClueInput", {
  description: "An illegal-fundraising clue keyed by its clue number (created if new, else corrected). Status changes go through advanceClueStatus and fileFundraisingCase.",
  fields: (t) => ({
    clueNo: t.string({ required: true, description: "Clue number (线索编号)." }),
    source: t.field({ type: ClueSourceEnum, required: true, description: "How the clue came in (线索来源)." }),
    receivedOn: t.field({ type: "Date", required: true, description: "When it was received (受理日期); not in the future." }),
    suspectEnterprise: t.string({ description: "Unified social credit code of the suspected enterprise, when it is registered." }),
    suspectName: t.string({ description: "Name of the suspected entity or people; defaults to the suspected enterprise's name." }),
    county: t.string({ description: "The county where the activity takes place, as a division code (441704) or name (阳东区); defaults to the suspected enterprise's county." }),
    description: t.string({ required: true, description: "What is suspected (涉嫌行为描述)." }),
    amountInvolved: t.field({ type: "Decimal", required: true, description: "Amount involved in yuan (涉案金额); not negative." }),
    peopleAffected: t.int({ required: true, description: "Number of people who put in money (涉及人数); not negative." }),
    informant: t.field({ type: InformantInput, description: "The informant, for a REPORT that is not anonymous; only REPORT clues have one." }),
    rewardAmount: t.field({ type: "Decimal", description: "Reward to the informant in yuan (举报奖励); needs an informant." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const clueSchema = z.object({
  clueNo: text(100),
  source: z.enum(["REPORT", "MONITORING", "ADVERTISING_CHECK", "REFERRAL"]),
  receivedOn: date,
  suspectEnterprise: uscc.nullish(),
  suspectName: text(200).nullish(),
  county: z.string().nullish(),
  description: text(2000),
  amountInvolved: money,
  peopleAffected: z.number().int().min(0, { message: "must not be negative" }),
  informant: personSchema({ phoneRequired: true }).nullish(),
  rewardAmount: money.nullish(),
  expectedVersion: z.number().int().min(1, { message: "must be 1 or more" }).nullish(),
});

type Input = typeof FundraisingClueInput.$inferInput;
const clues = (tx: Tx) => tx.fundraisingClue as unknown as Delegate<VersionedRow>;

/** Validates the input and its references; every problem is reported at once. */
async function validateClue(ctx: GraphContext, tx: Tx, input: Input) {
  const issues = new IssueCollector();
  const data = issues.parse(clueSchema, input, ["input"]);
  if (input.receivedOn > chinaDay(ctx.businessNow)) issues.add(["input", "receivedOn"], "notFuture", "must not be in the future");
  const [suspect, county, stored] = await Promise.all([
    input.suspectEnterprise && isValidUscc(input.suspectEnterprise)
      ? tx.enterprise.findUnique({ where: { uscc: input.suspectEnterprise }, select: { id: true, name: true, countyCode: true } })
      : null,
    countyOf(tx, input.county, ["input", "county"], issues),
    tx.fundraisingClue.findUnique({ where: { clueNo: input.clueNo }, select: { informantId: true } }),
  ]);
  if (input.suspectEnterprise && isValidUscc(input.suspectEnterprise) && !suspect) {
    issues.add(["input", "suspectEnterprise"], "exists", "exists.enterprise", { uscc: input.suspectEnterprise });
  }
  if (!input.county && !input.suspectEnterprise) issues.add(["input", "county"], "required", "required.noSuspectEnterprise");
  if (!input.suspectName && !input.suspectEnterprise) issues.add(["input", "suspectName"], "required", "required.noSuspectEnterprise");
  const informant = await lookUpPerson(tx, input.informant, ["input", "informant"], issues);
  const hasInformant = Boolean(input.informant || stored?.informantId);
  if (input.source !== "REPORT" && hasInformant) issues.add(["input", "informant"], "reportOnly", "reportOnly.informant");
  if (input.rewardAmount && !hasInformant) issues.add(["input", "rewardAmount"], "needsInformant", "needsInformant.reward");
  issues.throwIfAny();
  return { data: { ...data!, county: county?.code ?? null }, suspect, informant, isNew: !stored };
}

async function upsertClue(ctx: GraphContext, tx: Tx, input: Input) {
  const { data, suspect, informant, isNew } = await validateClue(ctx, tx, input);
  const informantId = data.informant ? await ensurePerson(tx, ctx, data.informant, informant, "FINANCE_BUREAU") : undefined;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: clues(tx),
    entityType: "FundraisingClue",
    key: data.clueNo,
    where: { clueNo: data.clueNo },
    expectedVersion: data.expectedVersion,
    data: {
      clueNo: data.clueNo,
      source: data.source,
      receivedOn: data.receivedOn,
      suspectEnterpriseId: suspect?.id ?? null,
      suspectName: data.suspectName ?? suspect!.name,
      countyCode: data.county ?? suspect!.countyCode,
      description: data.description,
      amountInvolved: data.amountInvolved,
      peopleAffected: data.peopleAffected,
      rewardAmount: data.rewardAmount ?? null,
      ...(informantId !== undefined ? { informantId } : {}),
      // A new clue starts at CLUE; afterwards only the status mutations move it.
      ...(isNew ? { status: "CLUE", ownerAgency: "FINANCE_BUREAU" } : {}),
    },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertFundraisingClue: t.prismaField({
    type: FundraisingClueNode,
    description: "Records an illegal-fundraising clue or corrects it (owner: FINANCE_BUREAU 市金融局, fundraising office 处非办).",
    errors: writeResult("fundraising clue"),
    args: {
      input: t.arg({ type: FundraisingClueInput, required: true, description: "The clue." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["FINANCE_BUREAU"], { key: "records.fundraisingClues" });
      return runWrite(ctx, { operation: "upsertFundraisingClue", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertClue(ctx, tx, args.input)) as never;
    },
  }),
}));
