package dev.hornbeam.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Where a JSON pointer's value starts in a document: its 1-based line (for SARIF regions), or 0 when not found. */
final class JsonLines {
  private JsonLines() {}

  private static final JsonFactory FACTORY = new JsonFactory();

  static int line(byte[] json, String pointer) {
    if (pointer == null) {
      return 0;
    }
    try (JsonParser p = FACTORY.createParser(json)) {
      List<String> path = new ArrayList<>(); // pointer segments of the value about to be read
      Deque<int[]> containers = new ArrayDeque<>(); // per open container: {index} for an array, {-1} for an object
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) {
          path.set(path.size() - 1, p.currentName().replace("~", "~0").replace("/", "~1"));
          continue;
        }
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          containers.pop();
          path.remove(path.size() - 1);
          next(path, containers);
          continue;
        }
        StringBuilder here = new StringBuilder();
        path.forEach(s -> here.append('/').append(s));
        if (pointer.contentEquals(here)) {
          return p.currentTokenLocation().getLineNr();
        }
        if (t == JsonToken.START_OBJECT) {
          containers.push(new int[] {-1});
          path.add("");
        } else if (t == JsonToken.START_ARRAY) {
          containers.push(new int[] {0});
          path.add("0");
        } else {
          next(path, containers);
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  /** A value ended: inside an array, the next one has the next index. */
  private static void next(List<String> path, Deque<int[]> containers) {
    int[] top = containers.peek();
    if (top != null && top[0] >= 0) {
      top[0]++;
      path.set(path.size() - 1, Integer.toString(top[0]));
    }
  }
}
