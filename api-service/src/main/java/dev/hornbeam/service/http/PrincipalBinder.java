package dev.hornbeam.service.http;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.security.Principal;

/**
 * Binds a {@link Principal} argument (the health endpoint's, which decides whether details are shown) to
 * the principal {@link BearerTokenFilter} set on the request: without micronaut-security nothing else binds
 * it, and it would always be null.
 */
@Singleton
public class PrincipalBinder implements TypedRequestArgumentBinder<Principal> {
  @Override
  public Argument<Principal> argumentType() {
    return Argument.of(Principal.class);
  }

  @Override
  public BindingResult<Principal> bind(ArgumentConversionContext<Principal> context, HttpRequest<?> request) {
    return request::getUserPrincipal;
  }
}
