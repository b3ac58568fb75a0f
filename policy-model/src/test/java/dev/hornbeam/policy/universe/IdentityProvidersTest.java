package dev.hornbeam.policy.universe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider table (docs/semantics.md, "Federated providers") and the reference model's use of it. */
class IdentityProvidersTest {
  static final String GITHUB = "arn:aws:iam::012345678910:oidc-provider/token.actions.githubusercontent.com";
  static final String EKS = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

  @Test
  void eachProviderHasItsKind() {
    assertEquals(Optional.of(IdentityProviders.Kind.WELL_KNOWN), IdentityProviders.kind("accounts.google.com"));
    assertEquals(Optional.of(IdentityProviders.Kind.PUBLIC_CI), IdentityProviders.kind(GITHUB));
    assertEquals(Optional.of(IdentityProviders.Kind.PUBLIC_CI), IdentityProviders.kind("arn:aws:iam::1:oidc-provider/gitlab.com"));
    assertEquals(Optional.of(IdentityProviders.Kind.TENANT_OIDC), IdentityProviders.kind(EKS));
    assertEquals(Optional.of(IdentityProviders.Kind.TENANT_OIDC),
        IdentityProviders.kind("arn:aws:iam::1:oidc-provider/oidc.circleci.com/org/0b8b3a7c-0000"));
    assertEquals(Optional.of(IdentityProviders.Kind.TENANT_OIDC),
        IdentityProviders.kind("arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com/octocat-inc"));
    assertEquals(Optional.of(IdentityProviders.Kind.UNKNOWN_OIDC), IdentityProviders.kind("arn:aws:iam::1:oidc-provider/auth.example.com"));
    assertEquals(Optional.of(IdentityProviders.Kind.SAML), IdentityProviders.kind("arn:aws:iam::1:saml-provider/corp"));
    // No provider: a bare host, an ARN of another service or resource.
    assertEquals(Optional.empty(), IdentityProviders.kind("token.actions.githubusercontent.com"));
    assertEquals(Optional.empty(), IdentityProviders.kind("arn:aws:sts::1:oidc-provider/gitlab.com"));
    assertEquals(Optional.empty(), IdentityProviders.kind("arn:aws:iam::1:role/oidc-provider/gitlab.com"));
    assertTrue(IdentityProviders.strangersMayCall(GITHUB));
    assertTrue(IdentityProviders.strangersMayCall("arn:aws:iam::1:oidc-provider/auth.example.com"));
    assertFalse(IdentityProviders.strangersMayCall(EKS));
    assertFalse(IdentityProviders.strangersMayCall("arn:aws:iam::1:saml-provider/corp"));
    assertFalse(IdentityProviders.strangersMayCall("token.actions.githubusercontent.com"));
  }

  @Test
  void onlyAPinnedOwnerRestrictsAGithubSubject() {
    IdentityProviders.Restriction r = IdentityProviders.restriction("token.actions.githubusercontent.com:sub");
    IdentityProviders.PublicIssuer gh = assertInstanceOf(IdentityProviders.Restriction.Owner.class, r).issuer();
    assertEquals(Optional.of("repo:octo-org/"), IdentityProviders.ownerPrefix(gh, "repo:octo-org/octo-repo:ref:refs/heads/main"));
    assertEquals(Optional.of("repo:octo-org/"), IdentityProviders.ownerPrefix(gh, "repo:octo-org/"));
    assertEquals(Optional.empty(), IdentityProviders.ownerPrefix(gh, "repo:octo-org"));
    assertEquals(Optional.empty(), IdentityProviders.ownerPrefix(gh, "repo:/x"));
    assertEquals(Optional.empty(), IdentityProviders.ownerPrefix(gh, "workflow:repo:octo-org/x"));
    assertInstanceOf(IdentityProviders.Restriction.None.class, IdentityProviders.restriction("token.actions.githubusercontent.com:aud"));
    assertInstanceOf(IdentityProviders.Restriction.Literal.class, IdentityProviders.restriction("auth.example.com:sub"));
    assertInstanceOf(IdentityProviders.Restriction.None.class, IdentityProviders.restriction("auth.example.com:aud"));
    assertInstanceOf(IdentityProviders.Restriction.Literal.class, IdentityProviders.restriction("cognito-identity.amazonaws.com:aud"));
    assertInstanceOf(IdentityProviders.Restriction.None.class, IdentityProviders.restriction("saml:aud"));
    assertInstanceOf(IdentityProviders.Restriction.None.class, IdentityProviders.restriction("aws:sourceip"));
    assertTrue(PublicMeaning.restricting("token.actions.githubusercontent.com:sub"));
    assertFalse(PublicMeaning.restricting("token.actions.githubusercontent.com:aud"));
  }

  @Test
  void aProviderSetsItsOwnKeysInEveryRequest() {
    RequestPrincipal gh = new RequestPrincipal.Federated(GITHUB);
    assertInstanceOf(Derived.Present.class, DerivedKeys.of(gh, "token.actions.githubusercontent.com:sub"));
    assertInstanceOf(Derived.Present.class, DerivedKeys.of(gh, "Token.Actions.GitHubUserContent.com:AUD"));
    assertInstanceOf(Derived.Free.class, DerivedKeys.of(gh, "gitlab.com:sub"));
    assertInstanceOf(Derived.Free.class, DerivedKeys.of(new RequestPrincipal.Anonymous(), "token.actions.githubusercontent.com:sub"));
    assertInstanceOf(Derived.Present.class, DerivedKeys.of(new RequestPrincipal.Federated("arn:aws:iam::1:saml-provider/corp"), "saml:sub"));
    assertInstanceOf(Derived.Free.class, DerivedKeys.of(new RequestPrincipal.Federated("arn:aws:iam::1:saml-provider/corp"), "saml:sub_type"));
    assertInstanceOf(Derived.Present.class, DerivedKeys.of(new RequestPrincipal.Federated("cognito-identity.amazonaws.com"),
        "cognito-identity.amazonaws.com:amr"));
    Request without = new Request(gh, "sts:AssumeRoleWithWebIdentity", "arn:aws:iam::012345678910:role/r", Map.of());
    assertNotNull(Realistic.problem(without, List.of("token.actions.githubusercontent.com:sub")));
    Request with = Realistic.withDerivedKeys(without, List.of("token.actions.githubusercontent.com:sub"));
    assertNull(Realistic.problem(with, List.of("token.actions.githubusercontent.com:sub")));
  }

  /** A GitHub trust with only the audience: any repository's workflow is a stranger the policy allows. */
  @Test
  void aGithubTrustWithoutSubjectAdmitsAnyRepository() {
    Policy p = PolicyParser.parse("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "%s"},
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
            "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org*"}}}]}""".formatted(GITHUB),
        PolicyKind.RESOURCE).policy();
    Request evil = new Request(new RequestPrincipal.Federated(GITHUB), "sts:AssumeRoleWithWebIdentity", "arn:aws:iam::012345678910:role/r",
        Map.of("token.actions.githubusercontent.com:aud", ContextValue.single("sts.amazonaws.com"),
            "token.actions.githubusercontent.com:sub", ContextValue.single("repo:octo-org-evil/x:ref:refs/heads/main")));
    assertEquals(Outcome.ALLOW, Evaluator.evaluate(p, evil).outcome());
    assertNull(PublicMeaning.whyNotStranger(p, evil, ResourceType.IAM_ROLE_TRUST));
    Request owner = new Request(evil.principal(), evil.action(), evil.resource(),
        Map.of("token.actions.githubusercontent.com:aud", ContextValue.single("sts.amazonaws.com"),
            "token.actions.githubusercontent.com:sub", ContextValue.single("repo:octo-org/x:ref:refs/heads/main")));
    Policy pinned = PolicyParser.parse("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "%s"},
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"}}}]}""".formatted(GITHUB),
        PolicyKind.RESOURCE).policy();
    assertEquals(Outcome.ALLOW, Evaluator.evaluate(pinned, owner).outcome());
    assertNotNull(PublicMeaning.whyNotStranger(pinned, owner, ResourceType.IAM_ROLE_TRUST), "the pinned owner is no stranger");
    assertNull(PublicMeaning.whyNotStranger(pinned, evil, ResourceType.IAM_ROLE_TRUST));
    assertEquals(Outcome.IMPLICIT_DENY, Evaluator.evaluate(pinned, evil).outcome());
  }
}
