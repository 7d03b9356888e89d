// Registering and retiring trading venues (owner: FINANCE_BUREAU).
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { retireByKey, upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, date, text, uscc } from "../writes/rules.ts";
import { today } from "../bonds/calendar.ts";
import { VenueKindEnum, VenueStatusEnum } from "./venue.enums.ts";
import { TradingVenueNode } from "./venue.type.ts";
import { countyInputDoc, countyOf } from "../writes/county.ts";

const TradingVenueInput = builder.inputType("TradingVenueInput", {
  description: "A trading venue, keyed by its code (created if new, else updated).",
  fields: (t) => ({
    code: t.string({ required: true, description: "Venue code: 4–20 capital letters or digits." }),
    name: t.string({ required: true, description: "Registered name." }),
    kind: t.field({ type: VenueKindEnum, required: true, description: "Kind of venue." }),
    county: t.string({ required: true, description: countyInputDoc("The county where it is registered") }),
    uscc: t.string({ required: true, description: "Unified social credit code of the operating company; must pass the GB 32100-2015 check." }),
    approvedOn: t.field({ type: "Date", required: true, description: "Date of approval to operate; not in the future." }),
    status: t.field({ type: VenueStatusEnum, defaultValue: "OPERATING", description: "Whether it operates (default OPERATING)." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const venueSchema = z.object({
  code: z.string().regex(/^[A-Z0-9]{4,20}$/, { message: "must be 4–20 capital letters or digits" }),
  name: text(200),
  kind: z.enum(["EQUITY_EXCHANGE", "FINANCIAL_ASSET_EXCHANGE", "PROPERTY_RIGHTS_EXCHANGE", "BULK_COMMODITY_MARKET"]),
  county: z.string(),
  uscc,
  approvedOn: date,
  status: z.enum(["OPERATING", "SUSPENDED", "CLOSED"]),
  expectedVersion: z.number().int().min(1, { message: "must be 1 or more" }).nullish(),
});

type VenueRow = VersionedRow & { code: string };
const venues = (tx: Tx) => tx.tradingVenue as unknown as Delegate<VenueRow>;

async function upsertVenue(ctx: GraphContext, tx: Tx, input: typeof TradingVenueInput.$inferInput) {
  const issues = new IssueCollector();
  const data = issues.parse(venueSchema, input, ["input"]);
  const [county, sameUscc] = await Promise.all([
    countyOf(tx, input.county, ["input", "county"], issues),
    tx.tradingVenue.findUnique({ where: { uscc: input.uscc }, select: { code: true } }),
  ]);
  if (sameUscc && sameUscc.code !== input.code) issues.add(["input", "uscc"], "unique", "unique.venueUscc", { code: sameUscc.code });
  if (input.approvedOn > today(ctx)) issues.add(["input", "approvedOn"], "notFuture", "must not be in the future");
  issues.throwIfAny();
  const { expectedVersion, county: _given, ...fields } = data!;
  const countyCode = county!.code;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: venues(tx),
    entityType: "TradingVenue",
    key: fields.code,
    where: { code: fields.code },
    expectedVersion,
    data: { ...fields, countyCode },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertTradingVenue: t.prismaField({
    type: TradingVenueNode,
    description: "Registers a trading venue or updates it (owner: FINANCE_BUREAU 市金融局).",
    errors: { types: WRITE_ERRORS },
    args: {
      input: t.arg({ type: TradingVenueInput, required: true, description: "The venue." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["FINANCE_BUREAU"], { key: "records.tradingVenues" });
      return runWrite(ctx, { operation: "upsertTradingVenue", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertVenue(ctx, tx, args.input)) as never;
    },
  }),
  retireTradingVenue: t.prismaField({
    type: TradingVenueNode,
    description: "Retires a venue registered in error (撤回); it stays readable with retiredAt set (owner: FINANCE_BUREAU).",
    errors: { types: WRITE_ERRORS },
    args: {
      code: t.arg.string({ required: true, description: "The venue code." }),
      expectedVersion: t.arg.int({ description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["FINANCE_BUREAU"], { key: "records.tradingVenues" });
      return runWrite(ctx, { operation: "retireTradingVenue", input: args, idempotencyKey: args.idempotencyKey }, (tx) =>
        retireByKey(tx, ctx, { delegate: venues(tx), entityType: "TradingVenue", key: args.code, where: { code: args.code }, expectedVersion: args.expectedVersion }),
      ) as never;
    },
  }),
}));
