package dev.hornbeam.policy.source;

import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads HCL2 text (Terraform configuration files) into hcl4j's symbol tree, each symbol with its line. Only
 * hcl4j's lexer is used: its evaluator ({@code HCLParser.parse}) reads a reference it cannot resolve as null,
 * which would give unknown values a fixed value. The lexer is not public in hcl4j 0.9.8, hence the reflection.
 * It is lenient where Terraform is not (a block left open, text it does not know between blocks): what it
 * leaves open is an error here, and {@link TerraformConfig} checks every {@code resource} header it sees in the
 * text against the blocks read.
 */
final class HclReader {
  private HclReader() {}

  private static final Pattern LINE = Pattern.compile("line: ([0-9]+)");

  /** The top-level blocks (and attributes) of {@code text}. */
  static List<Symbol> read(String text) throws SourceException {
    Object lexer;
    Class<?> c;
    try {
      c = Class.forName("com.bertramlabs.plugins.hcl4j.HCLLexer");
      Constructor<?> k = c.getDeclaredConstructor(Reader.class);
      k.setAccessible(true);
      lexer = k.newInstance(new StringReader(text));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("hcl4j's lexer is not where Hornbeam expects it (hcl4j 0.9.8)", e);
    }
    try {
      Method yylex = c.getDeclaredMethod("yylex");
      yylex.setAccessible(true);
      yylex.invoke(lexer);
      Field open = c.getDeclaredField("currentBlock");
      open.setAccessible(true);
      Method state = c.getDeclaredMethod("yystate");
      state.setAccessible(true);
      Object left = open.get(lexer);
      if (left instanceof Symbol s) {
        throw new SourceException(new Loc(line(s), 0), "not HCL: the " + (s.getName() == null ? "value" : s.getName())
            + " opened here is not closed before the end of the file");
      }
      if (!Integer.valueOf(0).equals(state.invoke(lexer))) {
        throw new SourceException(new Loc(lineCount(text), 0), "not HCL: the file ends inside a value (a string, heredoc or"
            + " expression not closed)");
      }
      Field stack = c.getDeclaredField("elementStack");
      stack.setAccessible(true);
      List<Symbol> out = new ArrayList<>();
      for (Object o : (List<?>) stack.get(lexer)) {
        out.add((Symbol) o);
      }
      return out;
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      if (t instanceof OutOfMemoryError oom) {
        throw oom;
      }
      String m = String.valueOf(t.getMessage());
      Matcher lm = LINE.matcher(m);
      Loc at = lm.find() ? new Loc(Integer.parseInt(lm.group(1)), 0) : new Loc(1, 0);
      throw new SourceException(at, "not HCL: " + (t instanceof StackOverflowError ? "nested too deeply" : m));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("hcl4j's lexer is not what Hornbeam expects (hcl4j 0.9.8)", e);
    }
  }

  /** The 1-based line of a symbol (hcl4j counts from 0). */
  static int line(Symbol s) {
    return s.getLine() == null ? 0 : s.getLine() + 1;
  }

  private static int lineCount(String text) {
    return (int) text.chars().filter(ch -> ch == '\n').count() + 1;
  }
}
