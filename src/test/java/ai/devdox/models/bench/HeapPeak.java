package ai.devdox.models.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most heap in use while a piece of work runs. The heap is fullest just before a collection,
 * so the GC beans' "usage before GC" of every collection is taken, plus the memory bean's used
 * heap sampled every few milliseconds for work that ends before the next collection.
 */
final class HeapPeak implements AutoCloseable {

  private static final long SAMPLE_MILLIS = 5;

  private final AtomicLong peakBytes = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onGc;
  private final Set<String> heapPools;
  private final Thread sampler;
  private volatile boolean running = true;

  private HeapPeak() {
    heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .map(MemoryPoolMXBean::getName)
        .collect(Collectors.toSet());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
    sample();
    sampler = new Thread(() -> {
      while (running) {
        sample();
        try {
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-peak-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Collects garbage first, so the peak belongs to the work and not to what came before. */
  static HeapPeak afterGc() {
    System.gc();
    return new HeapPeak();
  }

  /** Starts measuring at once, without collecting first (a fresh JVM has nothing to collect). */
  static HeapPeak now() {
    return new HeapPeak();
  }

  /** Stops measuring; the peak in MiB. */
  long stopMb() {
    close();
    return (peakBytes.get() + (1 << 19)) >> 20;
  }

  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    sampler.interrupt();
    sample();
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // already gone
      }
    }
  }

  private void sample() {
    raise(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
  }

  private void onGc(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long before = 0;
    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        before += pool.getValue().getUsed();
      }
    }
    raise(before);
  }

  private void raise(long bytes) {
    peakBytes.accumulateAndGet(bytes, Math::max);
  }
}
