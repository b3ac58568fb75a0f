package dev.hornbeam.policy.eval;

import java.util.Objects;

/** Who makes a request. */
public sealed interface RequestPrincipal {

  /** An unauthenticated (anonymous) caller. Only {@code "*"} / {@code {"AWS":"*"}} grants to it. */
  record Anonymous() implements RequestPrincipal {}

  /**
   * An IAM identity of an AWS account.
   *
   * @param accountId the 12-digit account id
   * @param arn the identity's ARN: {@code arn:aws:iam::ACCOUNT:root}, {@code …:user/PATH/NAME},
   *     {@code …:role/PATH/NAME}, {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION} or
   *     {@code arn:aws:sts::ACCOUNT:federated-user/NAME}
   */
  record Aws(String accountId, String arn) implements RequestPrincipal {
    public Aws {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(arn, "arn");
    }
  }

  /** An AWS service principal such as {@code cloudtrail.amazonaws.com}. */
  record Service(String name) implements RequestPrincipal {
    public Service {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A web-identity or SAML federated principal such as {@code cognito-identity.amazonaws.com}. */
  record Federated(String provider) implements RequestPrincipal {
    public Federated {
      Objects.requireNonNull(provider, "provider");
    }
  }

  /** An S3 canonical user id. */
  record CanonicalUser(String id) implements RequestPrincipal {
    public CanonicalUser {
      Objects.requireNonNull(id, "id");
    }
  }
}
