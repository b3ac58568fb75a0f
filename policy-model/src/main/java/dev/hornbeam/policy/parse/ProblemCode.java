package dev.hornbeam.policy.parse;

/** Stable codes of validation problems. Never rename one: clients switch on them. */
public enum ProblemCode {
  // JSON level
  NOT_JSON,
  DUPLICATE_KEY,
  WRONG_TYPE,
  UNKNOWN_KEY,
  EMPTY_VALUE,
  // sizes
  DOCUMENT_TOO_LARGE,
  TOO_MANY_STATEMENTS,
  TOO_MANY_VALUES,
  // policy and statement elements
  INVALID_VERSION,
  MISSING_STATEMENT,
  DUPLICATE_SID,
  MISSING_EFFECT,
  INVALID_EFFECT,
  MISSING_ACTION,
  CONFLICTING_ELEMENTS,
  MISSING_PRINCIPAL,
  PRINCIPAL_NOT_ALLOWED,
  MISSING_RESOURCE,
  INVALID_ACTION,
  INVALID_RESOURCE,
  // principals
  UNKNOWN_PRINCIPAL_TYPE,
  INVALID_PRINCIPAL,
  PARTIAL_WILDCARD_PRINCIPAL,
  PRINCIPAL_UNIQUE_ID,
  ALLOW_WITH_NOT_PRINCIPAL,
  // conditions
  UNKNOWN_OPERATOR,
  NONCANONICAL_OPERATOR,
  QUALIFIER_IGNORED,
  INVALID_NUMBER,
  INVALID_DATE,
  INVALID_BOOL,
  INVALID_BINARY,
  INVALID_CIDR,
  CIDR_HOST_BITS,
  // policy variables
  VARIABLE_IS_LITERAL,
  INVALID_VARIABLE,
  // added later (warnings): a missing Version, and what the AWS service catalogue says
  MISSING_VERSION,
  UNKNOWN_SERVICE,
  UNKNOWN_ACTION,
  ACTION_MATCHES_NOTHING,
  UNKNOWN_CONDITION_KEY,
  OPERATOR_TYPE_MISMATCH,
  RESOURCE_NOT_ACCEPTED,
  // added later: a resource policy checked against the resource it is attached to (ResourceScope)
  RESOURCE_MISMATCH,
  ACTION_OF_OTHER_SERVICE,
  NO_ACTION_FOR_RESOURCE_TYPE,
  // added later: a principal the model of who can call does not decide for the type yet (fail closed)
  UNSUPPORTED_PRINCIPAL
}
