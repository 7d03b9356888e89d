// Disposing of risk (plan 二(四)): trust and asset-management products with repayment problems,
// NPL disposal, the zombie enterprises' asset listings and the 政银保 pilot loans.
import "./risk-disposal.enums.ts";
import "./trust-product.type.ts";
import "./trust-product.queries.ts";
import "./trust-product.mutations.ts";
import "./npl-disposal.type.ts";
import "./npl-disposal.queries.ts";
import "./npl-disposal.mutations.ts";
import "./zombie-asset.type.ts";
import "./zombie-asset.queries.ts";
import "./zombie-asset.mutations.ts";
import "./pilot-loan.type.ts";
import "./pilot-loan.queries.ts";
import "./pilot-loan.mutations.ts";
