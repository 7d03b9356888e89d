// Registering and concluding complaints, keyed by registration number. The receiving regulator
// owns each one: it records it, and only it may change it afterwards.
import { z } from "zod";
import { localizedError } from "../i18n/index.ts";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, date, text } from "../writes/rules.ts";
import { countyInputDoc, countyOf } from "../writes/county.ts";
import { checkIdNumber } from "../enterprise/id-number.ts";
import { today } from "../bonds/calendar.ts";
import { ComplaintCategoryEnum, ComplaintChannelEnum, ComplaintStatusEnum } from "./complaint.enums.ts";
import { ComplaintNode } from "./complaint.type.ts";

const ComplaintInput = builder.inputType("ComplaintInput", {
  description: "A complaint or report the calling regulator received, keyed by registration number (created if new, else updated).",
  fields: (t) => ({
    complaintNo: t.string({ required: true, description: "Registration number: 4–40 capital letters, digits or hyphens." }),
    receivedOn: t.field({ type: "Date", required: true, description: "Date received; not in the future." }),
    channel: t.field({ type: ComplaintChannelEnum, required: true, description: "How it arrived." }),
    county: t.string({ required: true, description: countyInputDoc("The county it concerns") }),
    institution: t.string({ description: "The institution complained about (its code); this or enterprise is required." }),
    enterpriseUscc: t.string({ description: "The enterprise complained about (its USCC); this or institution is required." }),
    category: t.field({ type: ComplaintCategoryEnum, required: true, description: "What it is about." }),
    summary: t.string({ required: true, description: "Summary, without the complainant's identity." }),
    status: t.field({ type: ComplaintStatusEnum, required: true, description: "Where it stands." }),
    handledOn: t.field({ type: "Date", description: "When it was concluded: required exactly when HANDLED or UNFOUNDED, not before receivedOn nor in the future." }),
    complainantName: t.string({ description: "The complainant's name; empty for an anonymous report." }),
    complainantIdNumber: t.string({ description: "The complainant's resident ID number (18 characters, valid check character)." }),
    complainantPhone: t.string({ description: "The complainant's phone: 11 mobile digits or a landline." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const idNumber = z.string().superRefine((v, ctx) => {
  const problem = checkIdNumber(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { rule: problem.rule } });
});

const schema = z.object({
  complaintNo: z.string().regex(/^[A-Z0-9-]{4,40}$/, { message: "must be 4–40 capital letters, digits or hyphens" }),
  receivedOn: date,
  channel: z.enum(["HOTLINE", "LETTER", "VISIT", "ONLINE", "REFERRAL"]),
  county: z.string(),
  institution: z.string().nullish(),
  enterpriseUscc: z.string().nullish(),
  category: z.enum(["MIS_SELLING", "FEES", "ILLEGAL_FUNDRAISING", "DEBT_COLLECTION", "SERVICE", "OTHER"]),
  summary: text(2000),
  status: z.enum(["RECEIVED", "IN_PROGRESS", "HANDLED", "UNFOUNDED"]),
  handledOn: date.nullish(),
  complainantName: text(50).nullish(),
  complainantIdNumber: idNumber.nullish(),
  complainantPhone: z.string().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, { message: "must be 11 mobile digits or a landline number" }).nullish(),
  expectedVersion: z.number().int().min(1, { message: "must be 1 or more" }).nullish(),
});

const complaints = (tx: Tx) => tx.complaint as unknown as Delegate<VersionedRow>;

async function upsertComplaint(ctx: GraphContext, tx: Tx, input: typeof ComplaintInput.$inferInput) {
  const stored = await tx.complaint.findUnique({ where: { complaintNo: input.complaintNo }, select: { ownerAgency: true } });
  // Another regulator's complaint is not the caller's to change (and its content is not echoed).
  if (stored && stored.ownerAgency !== ctx.principal.agency) {
    throw localizedError("write.complaintOtherRegulator", { complaint: input.complaintNo }, { code: "FORBIDDEN", resource: "supervision.complaints" });
  }
  const issues = new IssueCollector();
  const data = issues.parse(schema, input, ["input"]);
  const county = await countyOf(tx, input.county, ["input", "county"], issues);
  const institution = input.institution ? await tx.institution.findUnique({ where: { code: input.institution }, select: { id: true } }) : null;
  if (input.institution && !institution) issues.add(["input", "institution"], "exists", "exists.institutionCode", { code: input.institution });
  const enterprise = input.enterpriseUscc ? await tx.enterprise.findUnique({ where: { uscc: input.enterpriseUscc }, select: { id: true } }) : null;
  if (input.enterpriseUscc && !enterprise) issues.add(["input", "enterpriseUscc"], "exists", "exists.enterpriseUscc", { uscc: input.enterpriseUscc });
  if (!input.institution && !input.enterpriseUscc) issues.add(["input", "institution"], "subjectRequired", "subjectRequired.complaint");
  if (input.receivedOn > today(ctx)) issues.add(["input", "receivedOn"], "notFuture", "must not be in the future");
  const concluded = input.status === "HANDLED" || input.status === "UNFOUNDED";
  if (concluded && !input.handledOn) issues.add(["input", "handledOn"], "required", "required.whenStatus", { status: input.status });
  if (!concluded && input.handledOn) issues.add(["input", "handledOn"], "empty", "empty.complaintOpen");
  if (input.handledOn && input.handledOn < input.receivedOn) issues.add(["input", "handledOn"], "dateOrder", "must not be before receivedOn", { earlier: "receivedOn" });
  if (input.handledOn && input.handledOn > today(ctx)) issues.add(["input", "handledOn"], "notFuture", "must not be in the future");
  issues.throwIfAny();
  const { expectedVersion, county: _c, institution: _i, enterpriseUscc: _e, ...fields } = data!;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: complaints(tx),
    entityType: "Complaint",
    key: fields.complaintNo,
    where: { complaintNo: fields.complaintNo },
    expectedVersion,
    data: {
      ...fields,
      handledOn: fields.handledOn ?? null,
      complainantName: fields.complainantName ?? null,
      complainantIdNumber: fields.complainantIdNumber ?? null,
      complainantPhone: fields.complainantPhone ?? null,
      countyCode: county!.code,
      institutionId: institution?.id ?? null,
      enterpriseId: enterprise?.id ?? null,
      ownerAgency: ctx.principal.agency,
    },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertComplaint: t.prismaField({
    type: ComplaintNode,
    description: "Registers a complaint or report the calling regulator received, or updates it (PBOC, CBRC, FINANCE_BUREAU, INSURANCE_ASSOC: each its own).",
    errors: { types: WRITE_ERRORS },
    args: {
      input: t.arg({ type: ComplaintInput, required: true, description: "The complaint." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    // The policy lets the four regulators call it (the resource's owners); the resolver keeps each to its own complaints.
    resolve: async (_query, _root, args, ctx) =>
      runWrite(ctx, { operation: "upsertComplaint", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertComplaint(ctx, tx, args.input)) as never,
  }),
}));
