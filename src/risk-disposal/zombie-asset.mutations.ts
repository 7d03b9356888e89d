// Publishing and updating zombie enterprises' asset listings, keyed by listing number (owner: INDUSTRY_IT).
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { retireByKey, upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, date, money, text } from "../writes/rules.ts";
import { today } from "../bonds/calendar.ts";
import { ZombieAssetKindEnum, ZombieAssetStatusEnum } from "./risk-disposal.enums.ts";
import { ZombieAssetListingNode } from "./zombie-asset.type.ts";
import { enterpriseByUscc } from "./references.ts";

const ZombieAssetListingInput = builder.inputType("ZombieAssetListingInput", {
  description: "A zombie enterprise's asset listed for transfer, keyed by listing number (created if new, else updated).",
  fields: (t) => ({
    listingNo: t.string({ required: true, description: "Listing number: 4–40 capital letters, digits or hyphens." }),
    enterpriseUscc: t.string({ required: true, description: "The enterprise's unified social credit code; it must be on the zombie register." }),
    assetKind: t.field({ type: ZombieAssetKindEnum, required: true, description: "What is listed." }),
    description: t.string({ required: true, description: "The asset." }),
    venueCode: t.string({ description: "The trading venue where it is listed, if any; must be operating." }),
    listedOn: t.field({ type: "Date", required: true, description: "Listing date; not in the future." }),
    askingPrice: t.field({ type: "Decimal", required: true, description: "Asking price, yuan; more than zero." }),
    status: t.field({ type: ZombieAssetStatusEnum, required: true, description: "Listed, transacted or withdrawn." }),
    transactionPrice: t.field({ type: "Decimal", description: "Price it changed hands at; required exactly when TRANSACTED." }),
    transactedOn: t.field({ type: "Date", description: "Transaction date, not before listedOn nor in the future; required exactly when TRANSACTED." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const schema = z.object({
  listingNo: z.string().regex(/^[A-Z0-9-]{4,40}$/, { message: "must be 4–40 capital letters, digits or hyphens" }),
  enterpriseUscc: z.string(),
  assetKind: z.enum(["EQUITY", "REAL_ESTATE", "EQUIPMENT", "LAND_USE_RIGHT"]),
  description: text(1000),
  venueCode: z.string().nullish(),
  listedOn: date,
  askingPrice: money.refine((d) => d.gt(0), { message: "must be more than zero", params: { rule: "positive" } }),
  status: z.enum(["LISTED", "TRANSACTED", "WITHDRAWN"]),
  transactionPrice: money.nullish(),
  transactedOn: date.nullish(),
  expectedVersion: z.number().int().min(1, { message: "must be 1 or more" }).nullish(),
});

const listings = (tx: Tx) => tx.zombieAssetListing as unknown as Delegate<VersionedRow>;

async function upsertListing(ctx: GraphContext, tx: Tx, input: typeof ZombieAssetListingInput.$inferInput) {
  const issues = new IssueCollector();
  const data = issues.parse(schema, input, ["input"]);
  const enterprise = await enterpriseByUscc(tx, input.enterpriseUscc, ["input", "enterpriseUscc"], issues);
  // The platform publishes the zombie register's assets only (二(四)3).
  if (enterprise && !enterprise.isZombie) issues.add(["input", "enterpriseUscc"], "zombie", "zombie.notListed", { uscc: input.enterpriseUscc });
  const venue = input.venueCode ? await tx.tradingVenue.findUnique({ where: { code: input.venueCode }, select: { id: true, status: true, retiredAt: true } }) : null;
  if (input.venueCode && !venue) issues.add(["input", "venueCode"], "exists", "exists.venue", { code: input.venueCode });
  else if (venue && (venue.status !== "OPERATING" || venue.retiredAt)) issues.add(["input", "venueCode"], "operating", "operating.venue", { code: String(input.venueCode) });
  if (input.listedOn > today(ctx)) issues.add(["input", "listedOn"], "notFuture", "must not be in the future");
  const transacted = input.status === "TRANSACTED";
  for (const field of ["transactionPrice", "transactedOn"] as const) {
    if (transacted && input[field] == null) issues.add(["input", field], "required", "required.whenStatus", { status: "TRANSACTED" });
    if (!transacted && input[field] != null) issues.add(["input", field], "empty", "empty.unlessStatus", { status: "TRANSACTED" });
  }
  if (input.transactedOn && input.transactedOn < input.listedOn) issues.add(["input", "transactedOn"], "dateOrder", "must not be before listedOn", { earlier: "listedOn" });
  if (input.transactedOn && input.transactedOn > today(ctx)) issues.add(["input", "transactedOn"], "notFuture", "must not be in the future");
  issues.throwIfAny();
  const { expectedVersion, enterpriseUscc: _u, venueCode: _v, ...fields } = data!;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: listings(tx),
    entityType: "ZombieAssetListing",
    key: fields.listingNo,
    where: { listingNo: fields.listingNo },
    expectedVersion,
    data: { ...fields, transactionPrice: fields.transactionPrice ?? null, transactedOn: fields.transactedOn ?? null, enterpriseId: enterprise!.id, venueId: venue?.id ?? null },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertZombieAssetListing: t.prismaField({
    type: ZombieAssetListingNode,
    description: "Publishes a zombie enterprise's asset listing or updates it, e.g. when it is transacted (owner: INDUSTRY_IT 市经济和信息化局).",
    errors: { types: WRITE_ERRORS },
    args: {
      input: t.arg({ type: ZombieAssetListingInput, required: true, description: "The listing." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["INDUSTRY_IT"], { key: "records.zombieAssets" });
      return runWrite(ctx, { operation: "upsertZombieAssetListing", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertListing(ctx, tx, args.input)) as never;
    },
  }),
  retireZombieAssetListing: t.prismaField({
    type: ZombieAssetListingNode,
    description: "Retires a listing published in error (撤回); it stays readable with retiredAt set (owner: INDUSTRY_IT).",
    errors: { types: WRITE_ERRORS },
    args: {
      listingNo: t.arg.string({ required: true, description: "The listing number." }),
      expectedVersion: t.arg.int({ description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["INDUSTRY_IT"], { key: "records.zombieAssets" });
      return runWrite(ctx, { operation: "retireZombieAssetListing", input: args, idempotencyKey: args.idempotencyKey }, (tx) =>
        retireByKey(tx, ctx, { delegate: listings(tx), entityType: "ZombieAssetListing", key: args.listingNo, where: { listingNo: args.listingNo }, expectedVersion: args.expectedVersion }),
      ) as never;
    },
  }),
}));
