// Identifying an enterprise's actual controller, keyed by the enterprise (owner: MARKET_REGULATION).
// A person not yet known is registered with the identification, as a legal representative is.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, date, ratio } from "../writes/rules.ts";
import { today } from "../bonds/calendar.ts";
import { ensurePerson, lookUpPerson, personSchema } from "../credit/person-subject.ts";
import { ActualControllerNode, ControlBasisEnum } from "./actual-controller.type.ts";
import { PersonInput } from "./enterprise.mutations.ts";

const ActualControllerInput = builder.inputType("ActualControllerInput", {
  description: "An enterprise's actual controller, keyed by the enterprise (created if it has none, else replaced).",
  fields: (t) => ({
    enterpriseUscc: t.string({ required: true, description: "The enterprise's unified social credit code; must be registered." }),
    person: t.field({ type: PersonInput, required: true, description: "The controlling person; a known ID number must come with the registered name." }),
    basis: t.field({ type: ControlBasisEnum, required: true, description: "How the person controls it." }),
    shareRatio: t.field({ type: "Decimal", description: "Equity held, a fraction in (0, 1]; required when the basis is EQUITY." }),
    identifiedOn: t.field({ type: "Date", required: true, description: "When the controller was identified; not in the future." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const schema = z.object({
  enterpriseUscc: z.string(),
  person: personSchema({ phoneRequired: false }).omit({ county: true }),
  basis: z.enum(["EQUITY", "AGREEMENT", "FAMILY", "OTHER"]),
  shareRatio: ratio().nullish(),
  identifiedOn: date,
  expectedVersion: z.number().int().min(1, { message: "must be 1 or more" }).nullish(),
});

const controllers = (tx: Tx) => tx.actualController as unknown as Delegate<VersionedRow>;

async function upsertController(ctx: GraphContext, tx: Tx, input: typeof ActualControllerInput.$inferInput) {
  const issues = new IssueCollector();
  const data = issues.parse(schema, input, ["input"]);
  const enterprise = await tx.enterprise.findUnique({ where: { uscc: input.enterpriseUscc }, select: { id: true } });
  if (!enterprise) issues.add(["input", "enterpriseUscc"], "exists", "exists.enterpriseUscc", { uscc: input.enterpriseUscc });
  const lookup = await lookUpPerson(tx, input.person, ["input", "person"], issues);
  if (input.basis === "EQUITY" && input.shareRatio == null) issues.add(["input", "shareRatio"], "required", "required.equityShareRatio");
  if (input.shareRatio != null && input.shareRatio.lte(0)) issues.add(["input", "shareRatio"], "positive", "must be more than 0");
  if (input.identifiedOn > today(ctx)) issues.add(["input", "identifiedOn"], "notFuture", "must not be in the future");
  issues.throwIfAny();
  const { expectedVersion, enterpriseUscc: _u, person, ...fields } = data!;
  const personId = await ensurePerson(tx, ctx, { ...person, county: null }, lookup, "MARKET_REGULATION");
  const { row } = await upsertByKey(tx, ctx, {
    delegate: controllers(tx),
    entityType: "ActualController",
    key: input.enterpriseUscc,
    where: { enterpriseId: enterprise!.id },
    expectedVersion,
    data: { ...fields, shareRatio: fields.shareRatio ?? null, enterpriseId: enterprise!.id, personId },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertActualController: t.prismaField({
    type: ActualControllerNode,
    description: "Records an enterprise's actual controller or replaces it (owner: MARKET_REGULATION 市工商局/市场监管局).",
    errors: { types: WRITE_ERRORS },
    args: {
      input: t.arg({ type: ActualControllerInput, required: true, description: "The identification." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["MARKET_REGULATION"], { key: "records.actualControllers" });
      return runWrite(ctx, { operation: "upsertActualController", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertController(ctx, tx, args.input)) as never;
    },
  }),
}));
