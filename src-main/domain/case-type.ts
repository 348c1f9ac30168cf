/** A case type: operation x subject type x delegated (DOMAIN.md, Case types). */
export interface CaseTypeKey {
  operation: string;
  subjectType: string;
  delegated: boolean;
}

/** A stable text form of a case type, e.g. 'register/branch/delegated'. */
export function caseTypeKeyToString(key: CaseTypeKey): string {
  return `${key.operation}/${key.subjectType}/${key.delegated ? 'delegated' : 'self'}`;
}

/** Whether two keys name the same case type. */
export function sameCaseType(a: CaseTypeKey, b: CaseTypeKey): boolean {
  return (
    a.operation === b.operation && a.subjectType === b.subjectType && a.delegated === b.delegated
  );
}
