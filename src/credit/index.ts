// The credit-information domain (DOMAIN.md §7): dishonesty records with their change log and
// joint-punishment measures (owner DEVELOPMENT_REFORM), credit evaluations (owner PBOC).
import "./dishonesty.enums.ts";
import "./dishonesty.type.ts";
import "./credit-evaluation.type.ts";
import "./dishonesty.queries.ts";
import "./dishonesty.counts.ts";
import "./changes.type.ts";
import "./changes.queries.ts";
import "./dishonesty.mutations.ts";
import "./dishonesty-status.mutations.ts";
import "./credit-evaluation.mutations.ts";
import "./credit.links.ts";
