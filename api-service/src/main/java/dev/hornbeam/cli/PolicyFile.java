package dev.hornbeam.cli;

import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.parse.Problem;
import dev.hornbeam.portfolio.CheckAnswer;
import dev.hornbeam.portfolio.Grant;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.portfolio.Timings;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.service.Json;
import dev.hornbeam.service.answer.ApiException;
import dev.hornbeam.service.answer.PolicyInput;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A policy named on the command line ({@code FILE}, or {@code -} for standard input), read and
 * validated; and what the commands that answer questions about policies share: the in-process checker
 * and the lines they print.
 *
 * @param field the name its problems carry in {@code --json} output ({@code policy}, {@code newPolicy}, …)
 */
record PolicyFile(String field, ParseResult parsed) {
  /** Its problems located in the document, as the API gives them. */
  PolicyInput input() {
    return PolicyInput.of(field, false, parsed);
  }

  /**
   * Reads and parses {@code file}; empty, after a message on stderr, when it cannot be read (or a second
   * file is standard input too).
   */
  static Optional<PolicyFile> read(String command, String field, String file, PolicyKind kind, Limits limits, PrintWriter err) {
    return read(command, field, file, null, bytes -> PolicyParser.parse(bytes, kind, limits), err);
  }

  /** As {@link #read(String, String, String, PolicyKind, Limits, PrintWriter)}, an AWS CLI output's type checked against {@code type}. */
  static Optional<PolicyFile> read(String command, String field, String file, ResourceType type, PolicyKind kind, Limits limits,
      PrintWriter err) {
    return read(command, field, file, type, bytes -> PolicyParser.parse(bytes, kind, limits), err);
  }

  /** Reads a resource policy attached to what {@code scope} names (see {@code PolicyParser.parse(…, scope)}). */
  static Optional<PolicyFile> read(String command, String field, String file, ResourceScope scope, PrintWriter err) {
    return read(command, field, file, scope.type(), bytes -> PolicyParser.parse(bytes, scope), err);
  }

  private static Optional<PolicyFile> read(String command, String field, String file, ResourceType type,
      Function<byte[], ParseResult> parser, PrintWriter err) {
    byte[] bytes;
    try {
      bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      err.println("hornbeam " + command + ": no such file: " + file);
      return Optional.empty();
    } catch (IOException e) {
      err.println("hornbeam " + command + ": cannot read " + file + ": " + e.getMessage());
      return Optional.empty();
    }
    return unwrap(command, file, bytes, type, err).map(b -> new PolicyFile(field, parser.apply(b)));
  }

  /**
   * The policy inside an AWS CLI output at a place the registry names ({@code {"Policy": "…"}},
   * {@code {"Attributes": {"Policy": "…"}}}, …: {@link dev.hornbeam.policy.parse.CliOutput}), said on stderr; anything
   * else as it is. Empty, after a message on stderr, when {@code type} (given, or null) is not a type whose
   * command prints the output.
   */
  static Optional<byte[]> unwrap(String command, String file, byte[] bytes, ResourceType type, PrintWriter err) {
    Optional<dev.hornbeam.policy.parse.CliOutput.Unwrapped> inner = dev.hornbeam.policy.parse.CliOutput.unwrap(bytes);
    if (inner.isEmpty()) {
      return Optional.of(bytes);
    }
    Optional<String> mismatch = type == null ? Optional.empty() : inner.get().mismatch(type);
    if (mismatch.isPresent()) {
      err.println("hornbeam " + command + ": " + (file.equals("-") ? "standard input" : file) + ": " + mismatch.get());
      err.flush();
      return Optional.empty();
    }
    err.println("hornbeam " + command + ": " + (file.equals("-") ? "standard input" : file) + " is AWS CLI output: checking the policy in "
        + inner.get().pointer() + " (the problems' pointers are in that policy)");
    err.flush();
    return Optional.of(inner.get().policy());
  }

  /**
   * The files a directory stands for: JSON, YAML and CloudFormation templates ({@code *.yaml}, {@code *.yml},
   * {@code *.template}), Terraform configuration files ({@code *.tf}).
   */
  static final java.util.regex.Pattern FILES = java.util.regex.Pattern.compile(".*\\.(json|yaml|yml|template|tf)");

  /**
   * The files named on the command line, a directory standing for its {@code *.json}, {@code *.yaml},
   * {@code *.yml}, {@code *.template} and {@code *.tf} files (recursively, sorted; symbolic links are not followed), in the
   * order given.
   */
  static List<String> expand(List<String> names) throws IOException {
    List<String> out = new java.util.ArrayList<>();
    for (String f : names) {
      Path path = Path.of(f);
      if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        try (java.util.stream.Stream<Path> walk = Files.walk(path)) {
          walk.filter(x -> Files.isRegularFile(x, java.nio.file.LinkOption.NOFOLLOW_LINKS) && FILES.matcher(x.getFileName().toString()).matches())
              .map(Path::toString).sorted().forEach(out::add);
        }
      } else {
        out.add(f);
      }
    }
    return out;
  }

  /** The bytes of {@code file}, or none when it cannot be read (the commands then say why when they read it). */
  static byte[] readQuietly(String file) {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return new byte[0];
    }
  }

  /** Several files, or a directory: the commands then print one line per file. */
  static boolean many(List<String> names) {
    return names.size() > 1 || Files.isDirectory(Path.of(names.get(0)), java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }

  /** {@code --deadline} in ms as a duration; empty, after a message on stderr, when out of range. */
  static Optional<Duration> deadline(String command, long millis, PrintWriter err) {
    if (millis < 1 || millis > 3_600_000) {
      err.println("hornbeam " + command + ": --deadline must be from 1 to 3600000 ms");
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(millis));
  }

  /**
   * When a policy is invalid: prints {@code INVALID} and every problem (prefixed with its field when
   * there are several files), or with {@code json} the API's problem, and returns true.
   */
  static boolean invalid(PrintWriter out, boolean json, PolicyFile... files) throws IOException {
    try {
      PolicyInput.requireValid(Arrays.stream(files).map(PolicyFile::input).toArray(PolicyInput[]::new));
      return false;
    } catch (ApiException e) {
      if (json) {
        out.println(Json.mapper().writeValueAsString(e.body()));
      } else {
        out.println("INVALID");
        for (PolicyFile f : files) {
          for (Problem p : f.parsed().problems()) {
            out.println((files.length > 1 ? f.field() + " " : "") + p.toLine());
          }
        }
      }
      out.flush();
      return true;
    }
  }

  /** In-process: a one-shot check answers faster than a worker pool could start (issue 5: ≤ 3 s cold). */
  static PolicyChecker checker() {
    PortfolioConfig config = PortfolioConfig.defaults().toBuilder().mode(PortfolioConfig.Mode.IN_PROCESS)
        .workersPerSolver(1).cacheEntries(0).build();
    return PolicyChecker.start(config, new SimpleMeterRegistry());
  }

  /** {@code reason: SOLVED by z3 in 12.3 ms}, or why the answer failed closed and what it was taken as. */
  static String reason(Reason reason, Optional<SolverId> solver, Timings timings, boolean cached, String detail, String takenAs) {
    String time = String.format(" in %.1f ms", timings.total() / 1000.0);
    if (reason == Reason.SOLVED) {
      return "reason: SOLVED" + solver.map(s -> " by " + s.key()).orElse("") + time + (cached ? " (cached)" : "");
    }
    return "reason: " + reason + time + ": " + takenAs + " (fail closed)" + (detail.isEmpty() ? "" : ": " + detail);
  }

  /** The lines of a check's answer after its first: reason, then the grants and witness of a FAIL, or the proof's sentence. */
  static void print(PrintWriter out, CheckAnswer a, String proved) {
    out.println(reason(a.reason(), a.solver(), a.timings(), a.cached(), a.detail(), "treated as FAIL"));
    grants(out, a.grants(), a.witnessText());
    if (a.passed()) {
      out.println(proved);
    }
  }

  /** {@code grant:} lines and the {@code witness:} line, when there is a witness. */
  static void grants(PrintWriter out, List<Grant> grants, String witnessText) {
    for (Grant g : grants) {
      out.println("grant: " + g.description());
    }
    if (!witnessText.isEmpty()) {
      out.println("witness: " + witnessText);
    }
  }

  static void warnings(PrintWriter out, PolicyFile... files) {
    for (PolicyFile f : files) {
      for (Problem w : f.parsed().warnings()) {
        out.println("warning: " + (files.length > 1 ? f.field() + " " : "") + w.toLine());
      }
    }
  }
}
