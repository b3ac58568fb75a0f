package dev.hornbeam.service;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** A real HTTP round trip, whatever the status, with the body as text and as parsed JSON. */
final class Http {
  record Reply(int status, String contentType, Map<String, List<String>> headers, String body, Map<String, Object> json) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map(String key) {
      return (Map<String, Object>) json.get(key);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String key) {
      return (List<Map<String, Object>>) json.get(key);
    }
  }

  private final HttpClient client;
  private final JsonMapper mapper;

  Http(HttpClient client, JsonMapper mapper) {
    this.client = client;
    this.mapper = mapper;
  }

  Reply post(String path, String body) {
    return send(HttpRequest.POST(path, body).contentType("application/json"));
  }

  Reply get(String path) {
    return send(HttpRequest.GET(path));
  }

  Reply send(MutableHttpRequest<?> request) {
    HttpResponse<String> r;
    try {
      r = client.toBlocking().exchange(request, String.class);
    } catch (HttpClientResponseException e) {
      r = e.getResponse().toMutableResponse().body(e.getResponse().getBody(String.class).orElse(""));
    }
    String body = r.getBody(String.class).orElse("");
    Map<String, Object> json = Map.of();
    String type = r.getHeaders().get("Content-Type");
    if (type != null && type.contains("json") && !body.isEmpty()) {
      try {
        json = mapper.readValue(body, Argument.mapOf(String.class, Object.class));
      } catch (IOException e) {
        throw new UncheckedIOException(body, e);
      }
    }
    return new Reply(r.getStatus().getCode(), type, r.getHeaders().asMap(), body, json);
  }
}
