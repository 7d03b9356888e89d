// Creating and correcting dishonesty records (owner: the Development and Reform Bureau).
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { ConflictError, NotFoundError } from "../writes/errors.ts";
import { diffRows } from "../writes/history.ts";
import { IssueCollector, date, text, uscc } from "../writes/rules.ts";
import { chinaDay } from "./calendar-day.ts";
import { DishonestyListEnum } from "./dishonesty.enums.ts";
import { DishonestyRecordNode } from "./dishonesty.type.ts";
import { commitDishonestyChange, stale } from "./dishonesty.write.ts";
import { ensurePerson, lookUpPerson, personSchema } from "./person-subject.ts";
import { reloadRecord } from "./dishonesty.reload.ts";
import { writeResult } from "./write-result.ts";

const DishonestPersonInput = builder.inputType("DishonestPersonInput", {
  description: "A natural person as the subject of a dishonesty record, identified by the resident ID number; registered on the platform when new.",
  fields: (t) => ({
    name: t.string({ required: true, description: "Name (姓名); must match the name already registered under the ID number, if any." }),
    idNumber: t.string({ required: true, description: "Resident ID number (身份证号码), 18 characters with a valid check character." }),
    phone: t.string({ description: "Mobile phone (手机号码), 11 digits." }),
    county: t.string({
      description:
        "The county of household registration (户籍所在县区), as a division code (441704) or name (阳东区); needed only for a person new to the platform whose ID number was not issued in one of the city's counties.",
    }),
  }),
});

const DishonestyRecordInput = builder.inputType("DishonestyRecordInput", {
  description: "A dishonesty record keyed by its decision document number (created if new, else corrected). Give exactly one subject: `enterprise` or `person`; the record's county is the subject's.",
  fields: (t) => ({
    documentNo: t.string({ required: true, description: "Decision document number (决定文书号)." }),
    enterprise: t.string({ description: "The listed enterprise's unified social credit code (the enterprise must be registered)." }),
    person: t.field({ type: DishonestPersonInput, description: "The listed natural person." }),
    list: t.field({ type: DishonestyListEnum, required: true, description: "The list (失信名单类别)." }),
    sourceAgency: t.string({ required: true, description: "The body reporting the record (信息提供单位)." }),
    decidedBy: t.string({ required: true, description: "The body that made the decision (认定单位)." }),
    reason: t.string({ required: true, description: "Why the subject is listed (认定事由)." }),
    listedOn: t.field({ type: "Date", required: true, description: "Listing date (列入日期); not in the future." }),
    expiresOn: t.field({ type: "Date", description: "Expiry date (移出日期), after the listing date; omit when the listing lasts until the obligation is met." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const recordSchema = z.object({
  documentNo: text(100),
  enterprise: uscc.nullish(),
  person: personSchema({ phoneRequired: false }).nullish(),
  list: z.enum(["COURT_JUDGMENT_DEBTOR", "DEBT_EVASION", "ILLEGAL_FUNDRAISING", "TAX_VIOLATION", "SERIOUS_VIOLATION"]),
  sourceAgency: text(200),
  decidedBy: text(200),
  reason: text(1000),
  listedOn: date,
  expiresOn: date.nullish(),
  expectedVersion: z.number().int().min(1, { message: "must be 1 or more" }).nullish(),
});

type RecordInput = typeof DishonestyRecordInput.$inferInput;

/** Validates the input and its references; every problem is reported at once. */
async function validateRecord(ctx: GraphContext, tx: Tx, input: RecordInput) {
  const issues = new IssueCollector();
  const data = issues.parse(recordSchema, input, ["input"]);
  if (Boolean(input.enterprise) === Boolean(input.person)) {
    issues.add(["input", "enterprise"], "exactlyOneSubject", "exactlyOneSubject");
  }
  if (input.listedOn > chinaDay(ctx.businessNow)) issues.add(["input", "listedOn"], "notFuture", "must not be in the future");
  if (input.expiresOn && input.expiresOn <= input.listedOn) issues.add(["input", "expiresOn"], "dateOrder", "dateOrder.after", { earlier: "listedOn" });
  const enterprise = input.enterprise ? await tx.enterprise.findUnique({ where: { uscc: input.enterprise }, select: { id: true, countyCode: true } }) : null;
  if (input.enterprise && !enterprise) issues.add(["input", "enterprise"], "exists", "exists.enterprise", { uscc: input.enterprise });
  const person = await lookUpPerson(tx, input.person, ["input", "person"], issues);
  // A county given but unknown has its own issue already.
  if (input.person?.idNumber && !person.countyCode && input.person.county == null) {
    issues.add(["input", "person", "county"], "required", "required.personCounty");
  }
  issues.throwIfAny();
  return { data: data!, enterprise, person };
}

/** Writes one record: the record as stored, and what the write did (a file's summary counts it). */
export async function upsertRecord(ctx: GraphContext, tx: Tx, input: RecordInput) {
  const { data, enterprise, person } = await validateRecord(ctx, tx, input);
  const current = await tx.dishonestyRecord.findUnique({ where: { documentNo: data.documentNo } });
  if (current?.deletedAt) throw new ConflictError({ key: "conflict.dishonesty.deleted", params: { document: data.documentNo } }, current.version);
  if (!current && data.expectedVersion) throw new NotFoundError("DishonestyRecord", data.documentNo);
  if (current && data.expectedVersion != null && data.expectedVersion !== current.version) {
    throw stale(data.documentNo, current.version, data.expectedVersion);
  }
  const personId = data.person ? await ensurePerson(tx, ctx, data.person, person, "DEVELOPMENT_REFORM") : null;
  const fields = {
    documentNo: data.documentNo,
    subjectType: enterprise ? ("ENTERPRISE" as const) : ("PERSON" as const),
    enterpriseId: enterprise?.id ?? null,
    personId,
    countyCode: enterprise?.countyCode ?? person.countyCode!,
    list: data.list,
    sourceAgency: data.sourceAgency,
    decidedBy: data.decidedBy,
    reason: data.reason,
    listedOn: data.listedOn,
    expiresOn: data.expiresOn ?? null,
  };
  // Resending what is stored is not a change: nothing is written and no sequence number is taken.
  if (current && Object.keys(diffRows(current, fields)).length === 0) return { record: current, action: "NONE" as const };
  const action = current ? ("UPDATE" as const) : ("CREATE" as const);
  const record = await commitDishonestyChange(tx, ctx, {
    current,
    documentNo: data.documentNo,
    data: current ? fields : { ...fields, status: "ACTIVE", ownerAgency: "DEVELOPMENT_REFORM" },
    action,
  });
  return { record, action };
}

builder.mutationFields((t) => ({
  upsertDishonestyRecord: t.prismaField({
    type: DishonestyRecordNode,
    description: "Lists a subject under a decision document, or corrects the record (owner: DEVELOPMENT_REFORM 市发展改革局). Every change takes the next change sequence number.",
    errors: writeResult("dishonesty record"),
    args: {
      input: t.arg({ type: DishonestyRecordInput, required: true, description: "The record." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertOwner(ctx, ["DEVELOPMENT_REFORM"], { key: "records.dishonestyRecords" });
      const row = await runWrite(ctx, { operation: "upsertDishonestyRecord", input: args.input, idempotencyKey: args.idempotencyKey }, async (tx) => (await upsertRecord(ctx, tx, args.input)).record);
      return reloadRecord(ctx, query, row) as never;
    },
  }),
}));
