package dev.hornbeam.audit.input;

import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.ResourceRecord;
import dev.hornbeam.json.StrictUtf8;
import dev.hornbeam.policy.resource.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of policy files, one file per resource:
 *
 * <pre>
 * DIR/&lt;account&gt;/&lt;resource&gt;.json
 * </pre>
 *
 * <ul>
 *   <li>{@code <account>}: the first-level folder, 12 digits; any other folder makes every file under it a
 *       {@link BadRecord}, and so does a file directly in {@code DIR}.
 *   <li>{@code <resource>}: the path below the account folder without {@code .json}, which is either
 *       <ul>
 *         <li>the resource's ARN; a {@code /} in the ARN is a folder level, so the KMS key
 *             {@code arn:aws:kms:us-east-1:111122223333:key/1234abcd-...} is the file
 *             {@code 111122223333/arn:aws:kms:us-east-1:111122223333:key/1234abcd-....json}; or
 *         <li>a bare S3 bucket name (no {@code :} or {@code /}), for ARN {@code arn:aws:s3:::<name>} — the only
 *             type whose ARN holds neither region nor account, so nothing has to be guessed.
 *       </ul>
 *   <li>The type is the registry's one type the ARN is of ({@link ResourceType#ofArn}): the KMS key above is
 *       a KMS key, {@code arn:aws:sqs:us-east-1:111122223333:orders} an SQS queue, an IAM role's ARN its trust
 *       policy. An ARN of no type, an ARN naming another
 *       account than its folder, or a file that is not strict UTF-8 ({@link StrictUtf8}: UTF-16 or UTF-32 with
 *       or without a byte order mark, invalid UTF-8) is a {@link BadRecord} ({@code <path>:<line>}, naming
 *       the byte offset and the rule).
 *   <li>The policy is the file's text as is (an invalid policy is the runner's INVALID finding, not a bad
 *       record).
 * </ul>
 *
 * Files not ending in {@code .json} and hidden files (name starting with {@code .}) are ignored; a name ending in
 * {@code .json} in another case ({@code .JSON}) is a {@link BadRecord}, never ignored unseen. Folders are
 * listed one at a time in sorted order, so the order and keys are stable. Key and source: the path relative
 * to {@code DIR} ({@code /}-separated; never the server's absolute path).
 *
 * <p>Only what is really inside {@code DIR} is read: a symbolic link (to a file or a folder) is never
 * followed but is a {@link BadRecord} ("a symbolic link: not followed"); a FIFO, socket or device named
 * {@code *.json} is a {@link BadRecord} ("not a regular file") and is never opened (opening a FIFO would
 * block); a file larger than the record limit ({@code maxFileBytes}) is a {@link BadRecord} and is not read.
 */
public final class DirectoryInput implements AuditInput {
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  /** arn:partition:service:region:account:resource (the resource part may hold ':' and '/'). */
  private static final Pattern ARN = Pattern.compile("arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\\d{12})?:(.+)");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private final Path dir;
  private final long maxFileBytes;

  public DirectoryInput(Path dir) {
    this(dir, Inputs.DEFAULT_MAX_RECORD_BYTES);
  }

  public DirectoryInput(Path dir, long maxFileBytes) {
    this.dir = dir;
    this.maxFileBytes = maxFileBytes;
  }

  @Override
  public String describe() {
    return dir + " (directory)";
  }

  @Override
  public void read(Consumer<ResourceRecord> resources, Consumer<BadRecord> bad) throws IOException {
    walk(dir, resources, bad);
  }

  private void walk(Path folder, Consumer<ResourceRecord> resources, Consumer<BadRecord> bad) throws IOException {
    List<Path> entries;
    try (Stream<Path> s = Files.list(folder)) {
      entries = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
    for (Path p : entries) {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isSymbolicLink()) {
        bad.accept(new BadRecord(relative(p), "a symbolic link: not followed (only files inside the input directory are read)"));
      } else if (a.isDirectory()) {
        walk(p, resources, bad);
      } else if (!p.getFileName().toString().endsWith(".json")) {
        String name = p.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
          // A policy file named otherwise (".JSON") is reported, not ignored like notes.txt: its resource would go unaudited.
          bad.accept(new BadRecord(relative(p), "named \"" + name.substring(name.length() - 5) + "\", not \".json\": only files ending in "
              + ".json are read, so this one is not"));
        }
        continue;
      } else if (!a.isRegularFile()) {
        bad.accept(new BadRecord(relative(p), "not a regular file (a FIFO, socket or device is never read)"));
      } else if (a.size() > maxFileBytes) {
        bad.accept(new BadRecord(relative(p), "larger than the record limit of " + maxFileBytes + " bytes (" + a.size() + " bytes): not read"));
      } else {
        file(p, resources, bad);
      }
    }
  }

  private void file(Path file, Consumer<ResourceRecord> resources, Consumer<BadRecord> bad) {
    Path rel = dir.relativize(file);
    String key = relative(file);
    String source = key;
    if (rel.getNameCount() < 2) {
      bad.accept(new BadRecord(source, "not inside an account folder (DIR/<12-digit account>/<resource>.json)"));
      return;
    }
    String account = rel.getName(0).toString();
    if (!ACCOUNT.matcher(account).matches()) {
      bad.accept(new BadRecord(source, "the account folder \"" + account + "\" is not a 12-digit account id"));
      return;
    }
    String resource = key.substring(account.length() + 1, key.length() - ".json".length());
    String arn;
    String type;
    if (resource.startsWith("arn:")) {
      Matcher m = ARN.matcher(resource);
      if (!m.matches()) {
        bad.accept(new BadRecord(source, "\"" + resource + "\" is not an ARN"));
        return;
      }
      Optional<ResourceType> t = ResourceType.ofArn(resource);
      if (t.isEmpty()) {
        bad.accept(new BadRecord(source, "\"" + resource + "\" is the ARN of no resource type Hornbeam checks ("
            + ResourceType.cloudFormationNames() + ")"));
        return;
      }
      type = t.get().cloudFormationName();
      if (m.group(4) != null && !m.group(4).equals(account)) {
        bad.accept(new BadRecord(source, "the ARN's account " + m.group(4) + " is not the folder's account " + account));
        return;
      }
      arn = resource;
    } else if (BUCKET.matcher(resource).matches()) {
      arn = "arn:aws:s3:::" + resource;
      type = ResourceType.S3_BUCKET.cloudFormationName();
    } else {
      bad.accept(new BadRecord(source, "\"" + resource + "\" is neither an ARN nor an S3 bucket name"));
      return;
    }
    String policy;
    try {
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxFileBytes + 1));
      }
      if (bytes.length > maxFileBytes) {
        bad.accept(new BadRecord(source, "larger than the record limit of " + maxFileBytes + " bytes: not read"));
        return;
      }
      // Strict UTF-8 (RFC 8259 section 8.1): a UTF-16 or UTF-32 file, with or without a byte order mark, or
      // invalid UTF-8 is a bad record naming the line and the rule, never a policy read wrongly.
      Optional<StrictUtf8.Violation> encoding = StrictUtf8.check(bytes);
      if (encoding.isPresent()) {
        long line = StrictUtf8.line(bytes, 0, encoding.get().offset());
        bad.accept(new BadRecord(source + ":" + line, "the file is not read: line " + line + ", " + encoding.get().describe()));
        return;
      }
      policy = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      bad.accept(new BadRecord(source, "could not be read: " + e.getMessage()));
      return;
    }
    resources.accept(new ResourceRecord(key, account, arn, type, policy, source));
  }

  /** The path relative to the input directory, {@code /}-separated. */
  private String relative(Path p) {
    return dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
  }
}
