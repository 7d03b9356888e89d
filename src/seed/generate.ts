// Builds the whole demo world in memory. Each domain draws from its own forked random stream,
// and the order below is the order of dependence: enterprises before the loans that name them.
import type { DemoData, DemoOptions } from "./types.ts";
import { Random } from "./random.ts";
import { AS_OF } from "./calendar.ts";
import { newCodeRegistry } from "./ids.ts";
import { countyRows } from "./places.ts";
import { industryRows } from "./industries.ts";
import { PersonBook } from "./persons.ts";
import { generateEnterprises } from "./enterprises.ts";
import { generateStatements } from "./statements.ts";
import { institutionRows } from "./institutions.ts";
import { generateIndicators, generateRatings } from "./indicators.ts";
import { generateWatchLines } from "./watch-lines.ts";
import { generateLoans } from "./loans.ts";
import { generateGuarantees } from "./guarantees.ts";
import { generateTopLists } from "./top-lists.ts";
import { generatePlans } from "./plans.ts";
import { generateBonds } from "./bonds.ts";
import { generateBondInspections } from "./bond-inspections.ts";
import { generateGovernmentDebt, generatePlatformRows } from "./government-debt.ts";
import { generateOnLending } from "./on-lending.ts";
import { generatePpp } from "./ppp.ts";
import { generateVenues } from "./venues.ts";
import { dishonestyCounter, generateDishonesty } from "./dishonesty.ts";
import { generateEvaluations } from "./evaluations.ts";
import { generateFundraising } from "./fundraising.ts";
import { generateGoals, generateProgressReports } from "./progress.ts";

export function generateDemoData(options: DemoOptions): DemoData {
  const { seed, scale } = options;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`scale must be a positive number, got ${scale}`);
  const root = new Random(seed);
  const codes = newCodeRegistry();
  const persons = new PersonBook(root.fork("persons"), codes);

  const firms = generateEnterprises(root.fork("enterprises"), scale, persons, codes);
  const profiles = firms.profiles;
  // Statements first: what a firm reports it owes banks bounds what the loan book lends it.
  const statements = generateStatements(root.fork("statements"), profiles);
  const loans = generateLoans(root.fork("loans"), scale, profiles, statements.bankBorrowingsAtAsOf);
  const guarantees = generateGuarantees(root.fork("guarantees"), scale, profiles, loans.facts);
  const bonds = generateBonds(root.fork("bonds"), scale, profiles);
  const inspections = generateBondInspections(root.fork("bond-inspections"), scale, bonds.bond);
  const financingPlatform = generatePlatformRows(profiles);
  const govDebt = generateGovernmentDebt(root.fork("government-debt"), scale, financingPlatform, profiles);
  const venues = generateVenues(root.fork("venues"), codes);
  const dishonesty = generateDishonesty(root.fork("dishonesty"), scale, profiles, persons, loans.facts);
  const fundraisingClue = generateFundraising(root.fork("fundraising"), scale, profiles, persons);

  return {
    county: countyRows(),
    industry: industryRows(),
    person: persons.rows,
    enterprise: firms.rows,
    financialStatement: statements.rows,
    institution: institutionRows(),
    loan: loans.rows,
    guarantee: guarantees.rows,
    topListEntry: generateTopLists(profiles, loans.facts),
    deleveragingPlan: generatePlans(root.fork("plans"), scale, profiles, loans.facts),
    ...bonds,
    ...inspections,
    financingPlatform,
    ...govDebt,
    bondOnLending: generateOnLending(root.fork("on-lending")),
    pppProject: generatePpp(root.fork("ppp"), profiles),
    indicatorValue: generateIndicators(root.fork("indicators"), loans),
    watchLine: generateWatchLines(),
    institutionRating: generateRatings(root.fork("ratings")),
    ...venues,
    ...dishonesty,
    creditEvaluation: generateEvaluations(root.fork("evaluations"), scale, profiles),
    fundraisingClue,
    directFinancingGoal: generateGoals(),
    progressReport: generateProgressReports(root.fork("progress"), profiles),
    changeCounter: dishonestyCounter(dishonesty.dishonestyRecord),
    demoDataset: [{ id: 1, seed, scale, asOf: AS_OF }],
  };
}
