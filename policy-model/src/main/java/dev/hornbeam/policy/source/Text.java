package dev.hornbeam.policy.source;

import java.util.Map;
import java.util.stream.Collectors;

/** A short rendering of a value for messages ({@code {"Fn::Sub": "arn:${AWS::Partition}:…"}}), at most 120 characters. */
final class Text {
  private Text() {}

  static String of(Node n) {
    String s = render(n);
    return s.length() <= 120 ? s : s.substring(0, 119) + "…";
  }

  private static String render(Node n) {
    if (n instanceof Node.Obj o) {
      return o.members().entrySet().stream().map((Map.Entry<String, Node> e) -> quote(e.getKey()) + ": " + render(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (n instanceof Node.Arr a) {
      return a.items().stream().map(Text::render).collect(Collectors.joining(", ", "[", "]"));
    }
    if (n instanceof Node.Scalar s) {
      return s.kind() == Node.Kind.STRING ? quote(s.text()) : s.text();
    }
    if (n instanceof Node.Unknown u) {
      return u.expression();
    }
    if (n instanceof Node.Choice c) {
      return c.expression();
    }
    Node.Partial p = (Node.Partial) n;
    return p.parts().stream().map(x -> x instanceof Node.Scalar s ? s.text() : "${" + render(x) + "}").collect(Collectors.joining());
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
