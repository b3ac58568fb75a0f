package dev.hornbeam.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An audit's identity: a SHA-256 over the content of every input and over the options that change answers.
 * Two runs share findings (a resumed run answers from its checkpoints and output) only when their fingerprints are equal;
 * an input changed at the same line gives another fingerprint, so an old answer is never reused for it.
 *
 * <p>What is hashed, per input (in the order given):
 *
 * <ul>
 *   <li>a regular file: its length and every byte;
 *   <li>a directory: walked in sorted order without following symbolic links, as {@code DirectoryInput}
 *       reads it: each non-hidden entry's relative path and kind; for a regular {@code .json} file its length
 *       and bytes, or only its length when it is over {@code maxFileBytes} (such a file is a bad record
 *       whatever it holds); symbolic links, FIFOs and other special files by name and kind only (they are
 *       never read);
 *   <li>anything else (a FIFO named as the input): its kind only, never opened.
 * </ul>
 *
 * Options: each name and value, sorted by name. The class has no audit-runner dependencies, so a
 * distributed runner can compute the same identity for the same inputs.
 *
 * @param value the fingerprint, 64 hex digits
 * @param inputs one hash per input (to name the input that changed)
 */
public record AuditFingerprint(String value, List<String> inputs) {
  public AuditFingerprint {
    inputs = List.copyOf(inputs);
  }

  /** The fingerprint of {@code inputs} under {@code options} (name → value). */
  public static AuditFingerprint of(List<Path> inputs, Map<String, String> options, long maxFileBytes) throws IOException {
    MessageDigest all = sha256();
    List<String> each = new ArrayList<>();
    for (Path input : inputs) {
      String h = input(input, maxFileBytes);
      each.add(h);
      update(all, "input\0" + h + "\0");
    }
    for (Map.Entry<String, String> e : new TreeMap<>(options).entrySet()) {
      update(all, "option\0" + e.getKey() + "\0" + e.getValue() + "\0");
    }
    return new AuditFingerprint(HexFormat.of().formatHex(all.digest()), each);
  }

  /** The hash of one input's content. */
  public static String input(Path input, long maxFileBytes) throws IOException {
    MessageDigest d = sha256();
    BasicFileAttributes a = Files.readAttributes(input, BasicFileAttributes.class);
    if (a.isDirectory()) {
      update(d, "dir\0");
      directory(d, input, input, maxFileBytes);
    } else if (a.isRegularFile()) {
      update(d, "file\0" + a.size() + "\0");
      bytes(d, input);
    } else {
      update(d, "special\0");
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static void directory(MessageDigest d, Path root, Path folder, long maxFileBytes) throws IOException {
    List<Path> entries;
    try (Stream<Path> s = Files.list(folder)) {
      entries = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
    for (Path p : entries) {
      String rel = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isSymbolicLink()) {
        update(d, "link\0" + rel + "\0");
      } else if (a.isDirectory()) {
        update(d, "dir\0" + rel + "\0");
        directory(d, root, p, maxFileBytes);
      } else if (!a.isRegularFile()) {
        update(d, "special\0" + rel + "\0");
      } else if (rel.endsWith(".json")) {
        update(d, "file\0" + rel + "\0" + a.size() + "\0");
        if (a.size() <= maxFileBytes) {
          bytes(d, p);
        }
      }
    }
  }

  private static void bytes(MessageDigest d, Path file) throws IOException {
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        d.update(buffer, 0, n);
      }
    }
  }

  private static void update(MessageDigest d, String text) {
    d.update(text.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
