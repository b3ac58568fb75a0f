package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 10: idle and slow connections were never timed out (200 connections sending 1 byte a
 * second were all held). Raw sockets: each kind of slow or idle connection is closed within a generous
 * bound of the (here shortened) request timeout, while a normal request on the same server is answered.
 */
@MicronautTest
@Property(name = "hornbeam.http.request-timeout", value = "1s")
class ConnectionTimeoutTest extends ApiTestBase {
  /** Generous: the timeout is 1 s. */
  private static final long BOUND_MILLIS = 12_000;

  @Inject
  EmbeddedServer server;

  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void closeAll() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
  }

  private Socket open() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
    s.setSoTimeout(1);
    sockets.add(s);
    return s;
  }

  /** True once the server has closed {@code s} (end of stream or reset); drains what was answered. */
  private static boolean closed(Socket s) {
    try {
      InputStream in = s.getInputStream();
      while (true) {
        if (in.read() == -1) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Reads (and drops) what the server sends until it closes the connection: the time that took, or the bound when it did not. */
  private static long millisToEndOfStream(Socket s) throws IOException {
    long start = System.nanoTime();
    s.setSoTimeout((int) BOUND_MILLIS);
    try {
      InputStream in = s.getInputStream();
      while (in.read() != -1) {
        // the answer to an earlier request
      }
    } catch (SocketTimeoutException e) {
      return BOUND_MILLIS;
    } catch (IOException e) {
      // reset: closed as well
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** Sends one byte (ignoring a write to a closed connection). */
  private static void drip(Socket s, byte b) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(b);
      out.flush();
    } catch (IOException e) {
      // closed by the server: closed() says so
    }
  }

  /**
   * Drips {@code text} one byte every {@code every} ms to each socket (again from its start when done)
   * until all are closed or the bound passes; returns how many are still open.
   */
  private static int dripUntilClosed(List<Socket> list, String text, long everyMillis) throws InterruptedException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    long end = System.nanoTime() + BOUND_MILLIS * 1_000_000;
    int open = list.size();
    for (int i = 0; System.nanoTime() < end; i++) {
      open = 0;
      for (Socket s : list) {
        if (!closed(s)) {
          open++;
          if (bytes.length > 0) {
            drip(s, bytes[i % bytes.length]);
          }
        }
      }
      if (open == 0) {
        return 0;
      }
      Thread.sleep(everyMillis);
    }
    return open;
  }

  @Test
  void anIdleConnectionIsClosed() throws Exception {
    long millis = millisToEndOfStream(open());
    assertTrue(millis >= 700 && millis < BOUND_MILLIS, "closed after " + millis + " ms");
  }

  @Test
  void slowHeadersFromManyConnectionsAreAllClosed() throws Exception {
    List<Socket> list = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      list.add(open());
    }
    for (Socket s : list) {
      drip(s, (byte) 'G');
    }
    assertEquals(0, dripUntilClosed(list, "ET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(4000), 250));
  }

  @Test
  void aSlowBodyIsClosed() throws Exception {
    Socket s = open();
    s.getOutputStream().write(("POST /v1/guard/policy-attach HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    assertEquals(0, dripUntilClosed(List.of(s), "{\"resourceArn\":\"arn:aws:s3:::b\"    ", 100));
  }

  @Test
  void aKeptAliveConnectionIsAnsweredThenClosedWhenIdle() throws Exception {
    Socket s = open();
    s.setSoTimeout(10_000);
    s.getOutputStream().write("GET /health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    byte[] head = new byte[12];
    int n = s.getInputStream().readNBytes(head, 0, head.length);
    assertEquals("HTTP/1.1 200", new String(head, 0, n, StandardCharsets.US_ASCII));
    long millis = millisToEndOfStream(s);
    assertTrue(millis >= 700 && millis < BOUND_MILLIS, "closed after " + millis + " ms");
  }

  @Test
  void aNormalRequestIsStillAnsweredAndABodyOverTheLimitIsA413() {
    Http.Reply r = http.get("/health");
    assertEquals(200, r.status(), r.body());
    Http.Reply big = http.post("/v1/compare", "{\"policy1Document\":\"" + "a".repeat(2 << 20) + "\"}");
    assertEquals(413, big.status(), big.body().substring(0, Math.min(200, big.body().length())));
  }
}
