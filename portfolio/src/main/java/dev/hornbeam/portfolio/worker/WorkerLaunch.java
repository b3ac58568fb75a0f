package dev.hornbeam.portfolio.worker;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How worker processes are started.
 *
 * @param java the java launcher (default: this JVM's)
 * @param classpath the workers' class path (default: this JVM's — the project's own classpath)
 * @param mainClass the worker's main class ({@link WorkerMain}; tests use fake workers)
 * @param heapMb the worker's {@code -Xmx}
 * @param nativeMemoryMb address-space limit ({@code ulimit -v}) for the worker's natives and heap, 0 for
 *     none; the JVM reserves address space freely, so keep it well above the heap
 * @param jvmOptions further JVM options
 * @param tempRoot where each worker gets its own temp directory (solver natives are extracted there)
 */
public record WorkerLaunch(
    String java, String classpath, String mainClass, int heapMb, int nativeMemoryMb, List<String> jvmOptions, Path tempRoot) {
  public WorkerLaunch {
    Objects.requireNonNull(java);
    Objects.requireNonNull(classpath);
    Objects.requireNonNull(mainClass);
    jvmOptions = List.copyOf(jvmOptions);
    Objects.requireNonNull(tempRoot);
    if (heapMb < 16) {
      throw new IllegalArgumentException("worker heap must be at least 16 MB: " + heapMb);
    }
  }

  /**
   * This JVM's java and class path, the real worker, 256 MB heap, 4 GB of address space (a worker JVM
   * maps about 2 GB before any solver work; a solver that needs more than the rest fails to allocate and
   * its worker dies: the query fails closed and the service lives on).
   */
  public static WorkerLaunch defaults() {
    return new WorkerLaunch(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        System.getProperty("java.class.path"),
        WorkerMain.class.getName(),
        256,
        4_096,
        List.of(),
        Path.of(System.getProperty("java.io.tmpdir")));
  }

  public WorkerLaunch withMainClass(String main) {
    return new WorkerLaunch(java, classpath, main, heapMb, nativeMemoryMb, jvmOptions, tempRoot);
  }

  public WorkerLaunch withHeapMb(int mb) {
    return new WorkerLaunch(java, classpath, mainClass, mb, nativeMemoryMb, jvmOptions, tempRoot);
  }

  public WorkerLaunch withNativeMemoryMb(int mb) {
    return new WorkerLaunch(java, classpath, mainClass, heapMb, mb, jvmOptions, tempRoot);
  }

  public WorkerLaunch withJvmOptions(List<String> options) {
    return new WorkerLaunch(java, classpath, mainClass, heapMb, nativeMemoryMb, options, tempRoot);
  }

  public WorkerLaunch withTempRoot(Path root) {
    return new WorkerLaunch(java, classpath, mainClass, heapMb, nativeMemoryMb, jvmOptions, root);
  }
}
