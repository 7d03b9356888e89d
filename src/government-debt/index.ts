// The local-government-debt domain (DOMAIN.md §4): debt items by class and level, bond on-lending,
// stock-debt replacement, financing platforms and PPP obligations (owner: FISCAL).
import "./government-debt.enums.ts";
import "./government-debt.filters.ts";
import "./government-debt.type.ts";
import "./debt-replacement.type.ts";
import "./bond-on-lending.type.ts";
import "./financing-platform.type.ts";
import "./ppp-project.type.ts";
import "./government-debt.queries.ts";
import "./government-debt.totals.ts";
import "./platform-ppp.queries.ts";
import "./platform-ppp.lookups.ts";
import "./county.links.ts";
import "./enterprise.links.ts";
import "./government-debt.mutations.ts";
import "./debt-replacement.mutations.ts";
import "./financing-platform.mutations.ts";
import "./ppp-project.mutations.ts";
import "./bond-on-lending.mutations.ts";
