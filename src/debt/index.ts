// The enterprise-debt domain (DOMAIN.md §2): loans and their classification, guarantees and
// guarantee circles, banks' top-10 lists, one-enterprise-one-policy plans (owner: CBRC).
import "./loan.enums.ts";
import "./loan.type.ts";
import "./loan-structure.fields.ts";
import "./loan.queries.ts";
import "./loan-balances.ts";
import "./guarantee.type.ts";
import "./guarantee.queries.ts";
import "./guarantee-circle.type.ts";
import "./top-list.type.ts";
import "./plan.type.ts";
import "./plan.queries.ts";
import "./enterprise.links.ts";
import "./institution.links.ts";
import "./loan.mutations.ts";
import "./loan-batch.mutations.ts";
import "./guarantee.mutations.ts";
import "./top-list.mutations.ts";
import "./plan.mutations.ts";
