package dev.hornbeam.policy.eval;

import static dev.hornbeam.policy.eval.Fixtures.allowPrincipal;
import static dev.hornbeam.policy.eval.Fixtures.anyone;
import static dev.hornbeam.policy.eval.Fixtures.notPrincipal;
import static dev.hornbeam.policy.eval.Fixtures.policy;
import static dev.hornbeam.policy.eval.Fixtures.principal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.model.PrincipalElement;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * IAM User Guide, "AWS JSON policy elements: Principal" and "AWS JSON policy elements: NotPrincipal".
 * Examples use the principals shown on those pages.
 */
class PrincipalTest {
  private static final String ACCT = "123456789012";
  private static final RequestPrincipal ANONYMOUS = new RequestPrincipal.Anonymous();
  private static final RequestPrincipal ROOT = aws(ACCT, "arn:aws:iam::123456789012:root");
  private static final RequestPrincipal USER = aws(ACCT, "arn:aws:iam::123456789012:user/alice");
  private static final RequestPrincipal ROLE =
      aws(ACCT, "arn:aws:iam::123456789012:role/path/role-name");
  private static final RequestPrincipal SESSION =
      aws(ACCT, "arn:aws:sts::123456789012:assumed-role/role-name/my-session");
  private static final RequestPrincipal OTHER_ROLE_SESSION =
      aws(ACCT, "arn:aws:sts::123456789012:assumed-role/other-role/my-session");
  private static final RequestPrincipal FOREIGN_USER =
      aws("444455556666", "arn:aws:iam::444455556666:user/alice");

  private static RequestPrincipal aws(String account, String arn) {
    return new RequestPrincipal.Aws(account, arn);
  }

  private static boolean allows(PrincipalElement element, RequestPrincipal who) {
    Request request = new Request(who, "s3:GetObject", "arn:aws:s3:::bucket/key", Map.of());
    return Evaluator.evaluate(policy(allowPrincipal(element)), request).outcome() == Outcome.ALLOW;
  }

  @Test
  void noPrincipalElementMatchesEveryone() {
    assertTrue(allows(null, ANONYMOUS));
    assertTrue(allows(null, new RequestPrincipal.Service("ecs.amazonaws.com")));
  }

  @Test
  void starMatchesEveryoneIncludingAnonymous() {
    assertTrue(allows(anyone(), ANONYMOUS));
    assertTrue(allows(anyone(), USER));
    assertTrue(allows(anyone(), new RequestPrincipal.CanonicalUser("abc")));
  }

  @Test
  void awsStarIsTheSameAsStar() {
    assertTrue(allows(principal(PrincipalType.AWS, "*"), ANONYMOUS));
    assertTrue(allows(principal(PrincipalType.AWS, "*"), SESSION));
    assertTrue(allows(principal(PrincipalType.AWS, "*"), new RequestPrincipal.Service("s.amazonaws.com")));
  }

  @Test
  void anonymousIsMatchedOnlyByStar() {
    assertFalse(allows(principal(PrincipalType.AWS, ACCT), ANONYMOUS));
    assertFalse(allows(principal(PrincipalType.AWS, "arn:aws:iam::123456789012:root"), ANONYMOUS));
    assertFalse(allows(principal(PrincipalType.SERVICE, "*"), ANONYMOUS));
  }

  @Test
  void accountIdMatchesEveryIdentityOfThatAccount() {
    PrincipalElement account = principal(PrincipalType.AWS, ACCT);
    assertTrue(allows(account, ROOT));
    assertTrue(allows(account, USER));
    assertTrue(allows(account, SESSION));
    assertFalse(allows(account, FOREIGN_USER));
  }

  @Test
  void rootArnMeansTheWholeAccountLikeTheAccountId() {
    PrincipalElement root = principal(PrincipalType.AWS, "arn:aws:iam::123456789012:root");
    assertTrue(allows(root, ROOT));
    assertTrue(allows(root, USER));
    assertTrue(allows(root, SESSION));
    assertFalse(allows(root, FOREIGN_USER));
  }

  @Test
  void userArnMatchesOnlyThatUser() {
    PrincipalElement alice = principal(PrincipalType.AWS, "arn:aws:iam::123456789012:user/alice");
    assertTrue(allows(alice, USER));
    assertFalse(allows(alice, ROOT));
    assertFalse(allows(alice, FOREIGN_USER));
    assertFalse(allows(alice, aws(ACCT, "arn:aws:iam::123456789012:user/Alice"))); // case-sensitive
  }

  @Test
  void roleArnCoversItsAssumedRoleSessionsButNotOtherRoles() {
    PrincipalElement role = principal(PrincipalType.AWS, "arn:aws:iam::123456789012:role/path/role-name");
    assertTrue(allows(role, ROLE));
    assertTrue(allows(role, SESSION));
    assertFalse(allows(role, OTHER_ROLE_SESSION));
    assertFalse(allows(role, USER));
    assertFalse(allows(role, aws("444455556666", "arn:aws:sts::444455556666:assumed-role/role-name/s")));
    assertFalse(allows(role, aws(ACCT, "arn:aws-cn:sts::123456789012:assumed-role/role-name/s")));
  }

  @Test
  void roleNameMustMatchWhollyNotAsAPrefix() {
    PrincipalElement role = principal(PrincipalType.AWS, "arn:aws:iam::123456789012:role/role");
    assertFalse(allows(role, SESSION)); // session of "role-name", not of "role"
  }

  @Test
  void assumedRoleSessionArnMatchesExactlyThatSession() {
    PrincipalElement session =
        principal(PrincipalType.AWS, "arn:aws:sts::123456789012:assumed-role/role-name/my-session");
    assertTrue(allows(session, SESSION));
    assertFalse(allows(session, ROLE));
    assertFalse(allows(session, aws(ACCT, "arn:aws:sts::123456789012:assumed-role/role-name/other")));
  }

  @Test
  void federatedUserSessionArnMatchesExactly() {
    String arn = "arn:aws:sts::123456789012:federated-user/bob";
    assertTrue(allows(principal(PrincipalType.AWS, arn), aws(ACCT, arn)));
    assertFalse(allows(principal(PrincipalType.AWS, arn), USER));
  }

  @Test
  void uniqueIdsAndOtherTextMatchNothing() {
    assertFalse(allows(principal(PrincipalType.AWS, "AIDACKCEVSQ6C2EXAMPLE"), USER));
    assertFalse(allows(principal(PrincipalType.AWS, "AIDACKCEVSQ6C2EXAMPLE"),
        aws(ACCT, "AIDACKCEVSQ6C2EXAMPLE")));
    assertFalse(allows(principal(PrincipalType.AWS, "arn:aws:iam::123456789012:group/devs"),
        aws(ACCT, "arn:aws:iam::123456789012:group/devs")));
    assertFalse(allows(principal(PrincipalType.AWS, "12345678901"), aws("12345678901", "x")));
  }

  @Test
  void servicePrincipalMatchesExactly() {
    PrincipalElement ecs = principal(PrincipalType.SERVICE, "ecs.amazonaws.com");
    assertTrue(allows(ecs, new RequestPrincipal.Service("ecs.amazonaws.com")));
    assertFalse(allows(ecs, new RequestPrincipal.Service("ECS.amazonaws.com")));
    assertFalse(allows(ecs, new RequestPrincipal.Federated("ecs.amazonaws.com")));
    assertFalse(allows(ecs, USER));
  }

  @Test
  void federatedAndCanonicalUserPrincipalsMatchExactly() {
    PrincipalElement cognito = principal(PrincipalType.FEDERATED, "cognito-identity.amazonaws.com");
    assertTrue(allows(cognito, new RequestPrincipal.Federated("cognito-identity.amazonaws.com")));
    assertFalse(allows(cognito, new RequestPrincipal.Federated("accounts.google.com")));
    String id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
    PrincipalElement canonical = principal(PrincipalType.CANONICAL_USER, id);
    assertTrue(allows(canonical, new RequestPrincipal.CanonicalUser(id)));
    assertFalse(allows(canonical, new RequestPrincipal.CanonicalUser(id.toUpperCase())));
    assertFalse(allows(canonical, new RequestPrincipal.Service(id)));
  }

  @Test
  void severalTypesInOneElementAreOred() {
    PrincipalElement mixed =
        new PrincipalElement(
            false,
            new Principals.Listed(
                Map.of(
                    PrincipalType.AWS, List.of("arn:aws:iam::123456789012:user/alice"),
                    PrincipalType.SERVICE, List.of("ecs.amazonaws.com"))));
    assertTrue(allows(mixed, USER));
    assertTrue(allows(mixed, new RequestPrincipal.Service("ecs.amazonaws.com")));
    assertFalse(allows(mixed, ROOT));
  }

  @Test
  void notPrincipalExcludesASessionOfAListedRole() {
    PrincipalElement notRole =
        notPrincipal(PrincipalType.AWS, "arn:aws:iam::123456789012:role/path/role-name");
    assertFalse(allows(notRole, SESSION));
    assertFalse(allows(notRole, ROLE));
    assertTrue(allows(notRole, OTHER_ROLE_SESSION));
  }

  @Test
  void notPrincipalIncludesAnonymousUnlessStar() {
    assertTrue(allows(notPrincipal(PrincipalType.AWS, "arn:aws:iam::444455556666:root"), ANONYMOUS));
    assertFalse(allows(notPrincipal(PrincipalType.AWS, "*"), ANONYMOUS));
    assertFalse(allows(new PrincipalElement(true, new Principals.Anyone()), USER));
  }

  @Test
  void notPrincipalWithAccountExcludesEveryIdentityOfTheAccount() {
    // The NotPrincipal page's example lists a user and its account: both exclude that account's users.
    PrincipalElement notBob =
        notPrincipal(PrincipalType.AWS,
            "arn:aws:iam::444455556666:user/Bob", "arn:aws:iam::444455556666:root");
    assertFalse(allows(notBob, aws("444455556666", "arn:aws:iam::444455556666:user/Bob")));
    assertFalse(allows(notBob, FOREIGN_USER));
    assertTrue(allows(notBob, USER));
  }

  @Test
  void decisionUsesPrincipalOfDenyToo() {
    Request request = new Request(USER, "s3:GetObject", "arn:aws:s3:::b/k", Map.of());
    var p = policy(allowPrincipal(anyone()),
        Fixtures.statement(dev.hornbeam.policy.model.Effect.DENY,
            principal(PrincipalType.AWS, "arn:aws:iam::123456789012:user/alice"),
            Fixtures.actions("*"), Fixtures.resources("*")));
    assertEquals(Outcome.EXPLICIT_DENY, Evaluator.evaluate(p, request).outcome());
  }
}
