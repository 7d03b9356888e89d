// The financial-institutions domain (DOMAIN.md §5): institutions, their quarterly indicators judged
// against dated watch lines, and classification ratings.
import "./institution.enums.ts";
import "./watch-line.type.ts";
import "./rating.type.ts";
import "./indicator-value.type.ts";
import "./institution.type.ts";
import "./institution.queries.ts";
import "./indicator.mutations.ts";
import "./watch-line.mutations.ts";
import "./rating.mutations.ts";
