package dev.hornbeam.audit.flink;

import dev.hornbeam.audit.ResourceRecord;
import dev.hornbeam.audit.input.AuditInput;
import dev.hornbeam.audit.input.Inputs;
import io.micronaut.core.annotation.Nullable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The audit's inputs as a bounded Flink source, read through the same {@link AuditInput} classes as
 * {@code hornbeam audit} always read (NDJSON, AWS Config, directories): one split per input, read in input
 * order. A split's checkpointed state is how many of its records were emitted; a restored split reads its
 * input again and skips that many (inputs are read in a stable order, and the run's fingerprint guarantees
 * the same content). Unreadable records are not emitted: the client collects them for the reports.
 */
public final class AuditSource implements Source<ResourceRecord, AuditSource.InputSplit, List<AuditSource.InputSplit>> {
  private static final long serialVersionUID = 1L;

  private final List<InputSplit> splits;

  /** @param inputs the inputs in order; with several, each record's key is prefixed with its input's place ({@code 1|}, …) */
  public AuditSource(List<Path> inputs, @Nullable String format, long maxRecordBytes) {
    List<InputSplit> s = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      s.add(new InputSplit(i, inputs.get(i).toAbsolutePath().normalize().toString(), format, maxRecordBytes,
          inputs.size() > 1 ? (i + 1) + "|" : "", 0));
    }
    this.splits = List.copyOf(s);
  }

  /** One input and how many of its records were emitted already. */
  public static final class InputSplit implements SourceSplit, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final int index;
    final String path;
    final @Nullable String format;
    final long maxRecordBytes;
    final String prefix;
    long emitted;

    InputSplit(int index, String path, @Nullable String format, long maxRecordBytes, String prefix, long emitted) {
      this.index = index;
      this.path = path;
      this.format = format;
      this.maxRecordBytes = maxRecordBytes;
      this.prefix = prefix;
      this.emitted = emitted;
    }

    InputSplit copy() {
      return new InputSplit(index, path, format, maxRecordBytes, prefix, emitted);
    }

    @Override
    public String splitId() {
      return "input-" + index;
    }

    @Override
    public String toString() {
      return splitId() + " " + path + " after " + emitted;
    }
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SourceReader<ResourceRecord, InputSplit> createReader(SourceReaderContext context) {
    return new Reader(context);
  }

  @Override
  public SplitEnumerator<InputSplit, List<InputSplit>> createEnumerator(SplitEnumeratorContext<InputSplit> context) {
    return new Enumerator(context, splits);
  }

  @Override
  public SplitEnumerator<InputSplit, List<InputSplit>> restoreEnumerator(SplitEnumeratorContext<InputSplit> context, List<InputSplit> remaining) {
    return new Enumerator(context, remaining);
  }

  @Override
  public SimpleVersionedSerializer<InputSplit> getSplitSerializer() {
    return new SplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<List<InputSplit>> getEnumeratorCheckpointSerializer() {
    return new ListSerializer();
  }

  /** Hands the splits out in input order, one per request. */
  static final class Enumerator implements SplitEnumerator<InputSplit, List<InputSplit>> {
    private final SplitEnumeratorContext<InputSplit> context;
    private final ArrayDeque<InputSplit> remaining;

    Enumerator(SplitEnumeratorContext<InputSplit> context, List<InputSplit> remaining) {
      this.context = context;
      this.remaining = new ArrayDeque<>();
      remaining.forEach(s -> this.remaining.add(s.copy()));
    }

    /**
     * While inputs are read the job checkpoints at its interval during backlog (every second by default); once the reader
     * asks for a split after the last one (it has read every input), at the short interval, so that the final
     * checkpoints that commit the sink's last part files follow soon after the last check (a small audit ends sooner).
     */
    @Override
    public void start() {
      context.setIsProcessingBacklog(true);
    }

    @Override
    public void handleSplitRequest(int subtask, @Nullable String host) {
      InputSplit next = remaining.poll();
      if (next == null) {
        context.setIsProcessingBacklog(false);
        context.signalNoMoreSplits(subtask);
      } else {
        context.assignSplit(next, subtask);
      }
    }

    @Override
    public void addSplitsBack(List<InputSplit> splits, int subtask) {
      List<InputSplit> back = new ArrayList<>(splits);
      back.sort((a, b) -> Integer.compare(b.index, a.index));
      back.forEach(remaining::addFirst);
    }

    @Override
    public void addReader(int subtask) {}

    @Override
    public List<InputSplit> snapshotState(long checkpointId) {
      return remaining.stream().map(InputSplit::copy).toList();
    }

    @Override
    public void close() {}
  }

  /**
   * Reads one split at a time: a thread runs the input's push reader into a bounded queue, which
   * {@link #pollNext} drains on the task's thread (so emitting and {@link #snapshotState} never race).
   */
  static final class Reader implements SourceReader<ResourceRecord, InputSplit> {
    private static final Object END = new Object();

    private final SourceReaderContext context;
    private final ArrayDeque<InputSplit> pending = new ArrayDeque<>();
    private final Object lock = new Object();
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1024);
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private @Nullable InputSplit current;
    private @Nullable Thread producer;
    private volatile @Nullable Throwable failure;
    private boolean noMoreSplits;
    private boolean requested;

    Reader(SourceReaderContext context) {
      this.context = context;
    }

    @Override
    public void start() {
      request();
    }

    private void request() {
      if (!requested && pending.isEmpty() && current == null && !noMoreSplits) {
        requested = true;
        context.sendSplitRequest();
      }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<ResourceRecord> output) throws Exception {
      while (true) {
        if (current == null) {
          InputSplit next = pending.poll();
          if (next == null) {
            if (noMoreSplits) {
              return InputStatus.END_OF_INPUT;
            }
            request();
            return InputStatus.NOTHING_AVAILABLE;
          }
          open(next);
        }
        Object item = queue.poll();
        if (item == null) {
          return InputStatus.NOTHING_AVAILABLE;
        }
        if (item == END) {
          Throwable f = failure;
          if (f != null) {
            throw new IOException("audit input " + current.path + " could not be read: " + f, f);
          }
          current = null;
          producer = null;
          request();
          continue;
        }
        output.collect((ResourceRecord) item);
        current.emitted++;
        return InputStatus.MORE_AVAILABLE;
      }
    }

    private void open(InputSplit split) {
      current = split;
      long skip = split.emitted;
      String prefix = split.prefix;
      Thread t = new Thread(() -> {
        long[] seen = {0};
        try {
          AuditInput input = Inputs.open(Path.of(split.path), Optional.ofNullable(split.format), split.maxRecordBytes);
          input.read(r -> {
            if (seen[0]++ < skip) {
              return;
            }
            put(prefix.isEmpty() ? r : new ResourceRecord(prefix + r.key(), r.accountId(), r.arn(), r.resourceType(), r.policy(), r.source()));
          }, b -> { });
        } catch (Stopped e) {
          return;
        } catch (Throwable e) {
          failure = e;
        }
        try {
          put(END);
        } catch (Stopped e) {
          // closed
        }
      }, "audit-source-" + split.splitId());
      t.setDaemon(true);
      producer = t;
      t.start();
    }

    private void put(Object item) {
      try {
        queue.put(item);
      } catch (InterruptedException e) {
        throw new Stopped();
      }
      synchronized (lock) {
        available.complete(null);
      }
    }

    @Override
    public List<InputSplit> snapshotState(long checkpointId) {
      List<InputSplit> out = new ArrayList<>();
      if (current != null) {
        out.add(current.copy());
      }
      pending.forEach(s -> out.add(s.copy()));
      return out;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      synchronized (lock) {
        if (available.isDone()) {
          available = new CompletableFuture<>();
        }
        if (!queue.isEmpty() || (current == null && (!pending.isEmpty() || noMoreSplits))) {
          available.complete(null);
        }
        return available;
      }
    }

    @Override
    public void addSplits(List<InputSplit> splits) {
      requested = false;
      splits.forEach(s -> pending.add(s.copy()));
      synchronized (lock) {
        available.complete(null);
      }
    }

    @Override
    public void notifyNoMoreSplits() {
      noMoreSplits = true;
      synchronized (lock) {
        available.complete(null);
      }
    }

    @Override
    public void close() throws InterruptedException {
      Thread t = producer;
      if (t != null) {
        t.interrupt();
        t.join(5_000);
      }
    }
  }

  /** Thrown through an input's reader to end it when the reader closes. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super(null, null, false, false);
    }
  }

  static final class SplitSerializer implements SimpleVersionedSerializer<InputSplit> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(InputSplit s) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        write(out, s);
      }
      return bytes.toByteArray();
    }

    @Override
    public InputSplit deserialize(int version, byte[] serialized) throws IOException {
      check(version);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        return read(in);
      }
    }

    static void write(DataOutputStream out, InputSplit s) throws IOException {
      out.writeInt(s.index);
      out.writeUTF(s.path);
      out.writeBoolean(s.format != null);
      if (s.format != null) {
        out.writeUTF(s.format);
      }
      out.writeLong(s.maxRecordBytes);
      out.writeUTF(s.prefix);
      out.writeLong(s.emitted);
    }

    static InputSplit read(DataInputStream in) throws IOException {
      int index = in.readInt();
      String path = in.readUTF();
      String format = in.readBoolean() ? in.readUTF() : null;
      return new InputSplit(index, path, format, in.readLong(), in.readUTF(), in.readLong());
    }

    static void check(int version) throws IOException {
      if (version != 1) {
        throw new IOException("audit source state of version " + version + " (this build reads 1)");
      }
    }
  }

  static final class ListSerializer implements SimpleVersionedSerializer<List<InputSplit>> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(List<InputSplit> splits) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(splits.size());
        for (InputSplit s : splits) {
          SplitSerializer.write(out, s);
        }
      }
      return bytes.toByteArray();
    }

    @Override
    public List<InputSplit> deserialize(int version, byte[] serialized) throws IOException {
      SplitSerializer.check(version);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        int n = in.readInt();
        List<InputSplit> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          out.add(SplitSerializer.read(in));
        }
        return out;
      }
    }
  }
}
