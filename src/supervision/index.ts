// Day-to-day supervision by the financial regulators (plan 二(二)2): the complaints and reports
// they receive (投诉举报), one of the ways the plan asks them to find problems early.
import "./complaint.enums.ts";
import "./complaint.type.ts";
import "./complaint.queries.ts";
import "./complaint.mutations.ts";
