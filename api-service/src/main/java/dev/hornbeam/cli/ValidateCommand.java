package dev.hornbeam.cli;

import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.parse.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hornbeam validate}: parse and validate one policy document. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validates a policy document and prints every problem as: POINTER CODE message.",
      "Several files, or a directory (its *.json files, recursively), in one run: a line FILE: valid or FILE: invalid",
      "for each, then its problems as FILE: POINTER CODE message; the exit status is the worst of them.",
      "Exit status: 0 valid (warnings allowed), 2 invalid or unreadable, 3 internal error."
    })
final class ValidateCommand implements Callable<Integer> {

  enum Kind {
    resource(PolicyKind.RESOURCE), identity(PolicyKind.IDENTITY);

    final PolicyKind kind;

    Kind(PolicyKind kind) {
      this.kind = kind;
    }
  }

  @Option(names = "--kind", defaultValue = "resource",
      description = "resource (needs Principal; default) or identity (identity policies and SCPs: no Principal).")
  Kind kind;

  @Option(names = "--type", defaultValue = TypeName.ANY, converter = TypeName.OrAny.class,
      completionCandidates = TypeName.NamesOrAny.class,
      description = "Resource type whose size quota applies and whose actions the policy must have: ${COMPLETION-CANDIDATES}"
          + " (default any: 256 KB).")
  TypeName type;

  @Option(names = "--parameter", paramLabel = "NAME=VALUE", description = "The value of a CloudFormation template's parameter or"
      + " pseudo parameter (repeatable); a value not given is not known.")
  java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();

  @Option(names = "--arn", description = "The resource the policy is attached to (with --type): each Resource must be able to match it.")
  String arn;

  @Parameters(paramLabel = "FILE|DIR|-", arity = "1..*",
      description = "The policy documents (files, directories of *.json files); - reads standard input.")
  java.util.List<String> files;

  String file;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (PolicyFile.many(files) || (!files.get(0).equals("-") && arn == null
        && SourceChecks.read(files.get(0), PolicyFile.readQuietly(files.get(0)), parameters, type.type) != null)) {
      if (arn != null || files.contains("-")) {
        err.println("hornbeam validate: --arn and standard input (-) go with one file only");
        return HornbeamCli.EXIT_INVALID;
      }
      java.util.List<String> expanded = PolicyFile.expand(files);
      if (expanded.isEmpty()) {
        err.println("hornbeam validate: no *.json, *.yaml, *.yml, *.template or *.tf file in " + String.join(", ", files));
        return HornbeamCli.EXIT_INVALID;
      }
      int worst = HornbeamCli.EXIT_OK;
      for (String f : expanded) {
        byte[] raw = PolicyFile.readQuietly(f);
        dev.hornbeam.policy.source.Inputs.Read in = raw.length == 0 ? null
            : SourceChecks.read(f, raw, parameters, type.type);
        if (in != null) {
          if (in.found().isEmpty()) {
            out.println(f + ": " + (in.format() == dev.hornbeam.policy.source.Inputs.Format.POLICY
                ? "invalid: a policy document in YAML needs --type TYPE" : "no policy in the file"));
            worst = Math.max(worst, in.format() == dev.hornbeam.policy.source.Inputs.Format.POLICY ? HornbeamCli.EXIT_INVALID : HornbeamCli.EXIT_OK);
          }
          for (dev.hornbeam.policy.source.Found x : in.found()) {
            SourceChecks.Outcome o = SourceChecks.validate(x);
            o.lines().forEach(out::println);
            worst = Math.max(worst, o.code());
          }
          continue;
        }
        file = f;
        java.io.StringWriter o = new java.io.StringWriter();
        java.io.StringWriter e = new java.io.StringWriter();
        int code = one(new PrintWriter(o), new PrintWriter(e));
        out.println(f + ": " + e.toString().strip().replaceFirst("^hornbeam validate: ", ""));
        o.toString().lines().forEach(line -> out.println(f + ": " + line));
        worst = Math.max(worst, code);
      }
      out.flush();
      return worst;
    }
    file = files.get(0);
    return one(out, err);
  }

  private int one(PrintWriter out, PrintWriter err) {
    byte[] bytes;
    try {
      bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      err.println("hornbeam validate: no such file: " + file);
      return HornbeamCli.EXIT_INVALID;
    } catch (IOException e) {
      err.println("hornbeam validate: cannot read " + file + ": " + e.getMessage());
      return HornbeamCli.EXIT_INVALID;
    }
    if (arn != null && (type.type == null || kind == Kind.identity)) {
      err.println("hornbeam validate: --arn needs --type TYPE (one of " + ResourceType.cliNames() + ") and a resource policy");
      return HornbeamCli.EXIT_INVALID;
    }
    if (arn != null && type.type.arnProblem(arn).isPresent()) {
      err.println("hornbeam validate: --arn is not the ARN of an " + type.type.cloudFormationName() + ": "
          + type.type.arnProblem(arn).get());
      return HornbeamCli.EXIT_INVALID;
    }
    Optional<byte[]> inner = PolicyFile.unwrap("validate", file, bytes, kind == Kind.resource ? type.type : null, err);
    if (inner.isEmpty()) {
      return HornbeamCli.EXIT_INVALID;
    }
    bytes = inner.get();
    ParseResult result = kind == Kind.resource && type.type != null
        ? PolicyParser.parse(bytes, new ResourceScope(type.type, arn))
        : PolicyParser.parse(bytes, kind.kind, type.type == null ? Limits.DEFAULT : type.type.limits());
    for (Problem p : result.problems()) {
      out.println(p.toLine());
    }
    out.flush();
    int errors = result.errors().size();
    int warnings = result.warnings().size();
    err.println(
        (result.isValid() ? "valid" : "invalid: " + errors + " error" + (errors == 1 ? "" : "s"))
            + (warnings > 0 ? " (" + warnings + " warning" + (warnings == 1 ? "" : "s") + ")" : ""));
    out.flush();
    err.flush();
    return result.isValid() ? HornbeamCli.EXIT_OK : HornbeamCli.EXIT_INVALID;
  }
}
