// The trading-venues domain (DOMAIN.md §6): venues, inspections, violations, rectification orders.
import "./venue.enums.ts";
import "./venue.type.ts";
import "./inspection.type.ts";
import "./venue.queries.ts";
import "./county.links.ts";
import "./venue.mutations.ts";
import "./inspection.mutations.ts";
import "./rectification.mutations.ts";
