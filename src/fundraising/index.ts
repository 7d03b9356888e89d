// The illegal-fundraising domain (DOMAIN.md §8): clues kept by the fundraising office
// (FINANCE_BUREAU) and the criminal cases the public security bureau files on them.
import "./clue.enums.ts";
import "./clue.type.ts";
import "./clue.queries.ts";
import "./clue.counts.ts";
import "./clue.mutations.ts";
import "./clue-status.mutations.ts";
import "./fundraising.links.ts";
