// What a signed response names besides its body: the audit entries its operations wrote. Each
// HTTP request gets one holder, shared by the GraphQL contexts built for it (one per operation of
// a batch); the access plugin adds each entry's id once it has committed, before the body is sent.
export interface ResponseEvidence {
  auditEntryIds: string[];
}

const byRequest = new WeakMap<object, ResponseEvidence>();

export function evidenceFor(request: object): ResponseEvidence {
  let evidence = byRequest.get(request);
  if (!evidence) byRequest.set(request, (evidence = { auditEntryIds: [] }));
  return evidence;
}

export const evidenceOf = (request: object): ResponseEvidence | undefined => byRequest.get(request);
