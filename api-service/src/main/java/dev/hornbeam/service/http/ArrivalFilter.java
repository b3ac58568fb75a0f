package dev.hornbeam.service.http;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Stamps each request with the time it arrived ({@link System#nanoTime()}), before any other filter and
 * before the request waits for a thread of the blocking executor: deadlines (the attach guard's) are
 * timed from here.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ArrivalFilter implements Ordered {
  static final String ATTRIBUTE = "hornbeam.arrivalNanos";

  @RequestFilter
  public void stamp(HttpRequest<?> request) {
    request.setAttribute(ATTRIBUTE, System.nanoTime());
  }

  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE;
  }

  /** When {@code request} arrived; now if it was not stamped. */
  public static long arrival(HttpRequest<?> request) {
    return request.getAttribute(ATTRIBUTE, Long.class).orElseGet(System::nanoTime);
  }
}
