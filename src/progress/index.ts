// The goals-and-progress domain (DOMAIN.md §9): the end-2018 direct-financing goals and the
// quarterly progress reports every member agency and county sends the Financial Work Bureau.
import "./goal.type.ts";
import "./goal.queries.ts";
import "./report.type.ts";
import "./report.queries.ts";
import "./report.mutations.ts";
