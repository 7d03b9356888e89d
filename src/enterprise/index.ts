// The enterprise domain (DOMAIN.md §1): registration, legal representatives, financial statements.
import "./enterprise.enums.ts";
import "./person.type.ts";
import "./statement.type.ts";
import "./enterprise.type.ts";
import "./enterprise.queries.ts";
import "./enterprise.mutations.ts";
import "./statement.mutations.ts";
import "./county.links.ts";
import "./actual-controller.type.ts";
import "./actual-controller.queries.ts";
import "./actual-controller.mutations.ts";
