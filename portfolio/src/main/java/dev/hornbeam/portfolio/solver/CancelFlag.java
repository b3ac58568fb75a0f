package dev.hornbeam.portfolio.solver;

/**
 * A request to stop one running check, set from another thread. The solver registers what it does on
 * cancel (Z3: {@code Context.interrupt()}); a cancel that comes before the registration runs it at once.
 */
public final class CancelFlag {
  private boolean cancelled;
  private Runnable onCancel;

  public synchronized void cancel() {
    if (cancelled) {
      return;
    }
    cancelled = true;
    if (onCancel != null) {
      onCancel.run();
    }
  }

  public synchronized boolean cancelled() {
    return cancelled;
  }

  /** Runs {@code action} on cancel (now, if already cancelled); {@code null} removes it. */
  public synchronized void onCancel(Runnable action) {
    onCancel = action;
    if (cancelled && action != null) {
      action.run();
    }
  }
}
