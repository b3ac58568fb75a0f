package dev.hornbeam.policy;

import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.PolicyKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared corpus of real policies (beside the project root), by folder. */
public final class Corpus {
  private Corpus() {}

  /** The corpus root, or {@code null} when this machine has none. */
  public static Path root() {
    String prop = System.getProperty("hornbeam.corpus");
    for (Path p : prop == null ? List.of(Path.of("../../shared/corpus"), Path.of("../shared/corpus"))
        : List.of(Path.of(prop))) {
      if (Files.isDirectory(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    return null;
  }

  /** One corpus file and how it is parsed. */
  public record Entry(Path file, String folder) {
    public String name() {
      return folder + "/" + file.getFileName();
    }

    /** s3, kms, sqs, sns and other hold resource policies; iam and scp identity-style ones. */
    public PolicyKind kind() {
      return folder.equals("iam") || folder.equals("scp") ? PolicyKind.IDENTITY : PolicyKind.RESOURCE;
    }

    public Limits limits() {
      return switch (folder) {
        case "s3" -> ResourceType.S3_BUCKET.limits();
        case "kms" -> ResourceType.KMS_KEY.limits();
        case "sqs" -> ResourceType.SQS_QUEUE.limits();
        case "sns" -> ResourceType.SNS_TOPIC.limits();
        // AWS-managed identity policies are exempt from the customer quotas (some have 162 statements):
        // for the corpus only, allow them more statements than the default 100.
        case "iam", "scp" -> new Limits(Limits.DEFAULT.maxDocumentBytes(), 200, Limits.DEFAULT.maxValuesPerKey());
        default -> Limits.DEFAULT;
      };
    }

    public byte[] bytes() throws IOException {
      return Files.readAllBytes(file);
    }
  }

  public static List<Entry> entries() throws IOException {
    Path root = root();
    if (root == null) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory)
          .sorted()
          .flatMap(dir -> {
            try (Stream<Path> files = Files.list(dir)) {
              return files.filter(f -> f.toString().endsWith(".json")).sorted()
                  .map(f -> new Entry(f, dir.getFileName().toString())).toList().stream();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .toList();
    }
  }
}
