// The three representative operations of the benchmark, each with a hand-written SQL baseline
// that fetches the same data in one statement (the way PostGraphile would).

/** 1. The nested read of issue #3: enterprises with loans and their bank, guarantees given and
 *  received, bonds with schedules and payments, and dishonesty records. */
export const NESTED = /* GraphQL */ `
  query Nested($first: Int!) {
    enterprises(first: $first) {
      nodes {
        uscc
        name
        loans(first: 50) { nodes { contractNo amount balance classification lender { code name } } }
        guaranteesGiven(first: 50) { nodes { contractNo amount kind borrower { uscc name } } }
        guaranteesReceived(first: 50) { nodes { contractNo amount kind guarantor { uscc name } } }
        bonds(first: 20) { nodes { code kind amount schedule { dueDate kind amountDue payments { paidOn amountPaid outcome } } } }
        dishonestyRecords(first: 20) { nodes { documentNo list status listedOn } }
      }
    }
  }
`;

export const NESTED_SQL = `
SELECT e.uscc, e.name,
  (SELECT coalesce(json_agg(x), '[]') FROM (
     SELECT l.contract_no, l.amount::text AS amount, l.balance::text AS balance, l.classification,
            json_build_object('code', i.code, 'name', i.name) AS lender
     FROM loan l JOIN institution i ON i.id = l.lender_id
     WHERE l.borrower_id = e.id AND l.retired_at IS NULL ORDER BY l.id LIMIT 50) x) AS loans,
  (SELECT coalesce(json_agg(x), '[]') FROM (
     SELECT g.contract_no, g.amount::text AS amount, g.kind, json_build_object('uscc', b.uscc, 'name', b.name) AS borrower
     FROM guarantee g JOIN enterprise b ON b.id = g.borrower_id
     WHERE g.guarantor_id = e.id AND g.retired_at IS NULL ORDER BY g.id LIMIT 50) x) AS guarantees_given,
  (SELECT coalesce(json_agg(x), '[]') FROM (
     SELECT g.contract_no, g.amount::text AS amount, g.kind, json_build_object('uscc', r.uscc, 'name', r.name) AS guarantor
     FROM guarantee g JOIN enterprise r ON r.id = g.guarantor_id
     WHERE g.borrower_id = e.id AND g.retired_at IS NULL ORDER BY g.id LIMIT 50) x) AS guarantees_received,
  (SELECT coalesce(json_agg(x), '[]') FROM (
     SELECT bd.code, bd.kind, bd.amount::text AS amount,
       (SELECT coalesce(json_agg(s), '[]') FROM (
          SELECT si.due_date, si.kind, si.amount_due::text AS amount_due,
            (SELECT coalesce(json_agg(json_build_object('paidOn', p.paid_on, 'amountPaid', p.amount_paid::text, 'outcome', p.outcome) ORDER BY p.id), '[]')
             FROM bond_payment p WHERE p.schedule_item_id = si.id) AS payments
          FROM bond_schedule_item si WHERE si.bond_id = bd.id ORDER BY si.due_date, si.id) s) AS schedule
     FROM bond bd WHERE bd.issuer_id = e.id AND bd.retired_at IS NULL ORDER BY bd.id LIMIT 20) x) AS bonds,
  (SELECT coalesce(json_agg(x), '[]') FROM (
     SELECT d.document_no, d.list, d.status, d.listed_on
     FROM dishonesty_record d WHERE d.enterprise_id = e.id AND d.deleted_at IS NULL ORDER BY d.id LIMIT 20) x) AS dishonesty_records
FROM enterprise e WHERE e.retired_at IS NULL ORDER BY e.id LIMIT $1`;

/** 2. An aggregate by county: loan balances per county. */
export const BY_COUNTY = /* GraphQL */ `
  query ByCounty {
    loanBalances(groupBy: [COUNTY]) { countyCode countyName loanCount totalAmount totalBalance nonPerformingBalance }
  }
`;

export const BY_COUNTY_SQL = `
SELECT c.code, c.name, count(*) AS loan_count, sum(l.amount)::text AS total_amount, sum(l.balance)::text AS total_balance,
       coalesce(sum(l.balance) FILTER (WHERE l.classification IN ('SUBSTANDARD', 'DOUBTFUL', 'LOSS')), 0)::text AS npl_balance
FROM loan l JOIN enterprise e ON e.id = l.borrower_id JOIN county c ON c.code = e.county_code
WHERE l.retired_at IS NULL
GROUP BY c.code, c.name ORDER BY c.code`;

/** 3. A single-enterprise lookup by USCC with its latest statement's ratio. */
export const LOOKUP = /* GraphQL */ `
  query Lookup($uscc: String!) {
    enterprise(uscc: $uscc) {
      uscc name listingStatus registeredCapital establishedOn
      county { code name }
      industry { code name }
      latestStatement { periodEnd totalAssets totalLiabilities }
      assetLiabilityRatio
    }
  }
`;

export const LOOKUP_SQL = `
SELECT e.uscc, e.name, e.listing_status, e.registered_capital::text, e.established_on,
       json_build_object('code', c.code, 'name', c.name) AS county,
       json_build_object('code', i.code, 'name', i.name) AS industry,
       s.period_end, s.total_assets::text, s.total_liabilities::text,
       round(s.total_liabilities / nullif(s.total_assets, 0), 6)::text AS asset_liability_ratio
FROM enterprise e
JOIN county c ON c.code = e.county_code
JOIN industry i ON i.code = e.industry_code
LEFT JOIN LATERAL (SELECT * FROM financial_statement f WHERE f.enterprise_id = e.id AND f.period_type = 'ANNUAL' AND f.retired_at IS NULL
                   ORDER BY f.period_end DESC LIMIT 1) s ON true
WHERE e.uscc = $1`;
