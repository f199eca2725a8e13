package dev.taskflow.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.servlet.function.ServerResponse.SseBuilder;

/**
 * Server-Sent Events to every open dashboard: one snapshot of the overview per interval,
 * read once for all of them (twenty open dashboards cost the database what one does), and
 * nothing read while none is open.
 * <p>
 * A lifecycle that stops before the web server's graceful shutdown, so that open event
 * streams do not hold the shutdown up.
 *
 * @author TaskFlow
 */
final class LiveUpdates implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(LiveUpdates.class);

	// browsers reconnect an event stream that ends; ending it now and then lets a
	// stream that a proxy silently dropped go
	private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

	// the next read waits at least this many times as long as the last read took
	private static final int READ_SHARE = 5;

	private final Snapshots snapshots;

	private final Duration interval;

	private final List<SseBuilder> listeners = new CopyOnWriteArrayList<>();

	private final AtomicLong reads = new AtomicLong();

	private ScheduledExecutorService executor;

	private ScheduledFuture<?> ticking;

	private volatile String latest;

	private volatile boolean running;

	private boolean failing;

	LiveUpdates(Snapshots snapshots, Duration interval) {
		this.snapshots = snapshots;
		this.interval = interval;
	}

	ServerResponse stream(ServerRequest request) {
		return ServerResponse.sse((sse) -> {
			sse.onComplete(() -> this.listeners.remove(sse));
			sse.onTimeout(() -> this.listeners.remove(sse));
			sse.onError((ex) -> this.listeners.remove(sse));
			// what the others have, at once; the next tick brings it up to date
			String snapshot = this.latest;
			if (snapshot != null && !send(sse, snapshot)) {
				return;
			}
			this.listeners.add(sse);
			startTicking();
		}, STREAM_TIMEOUT);
	}

	/**
	 * How many snapshots were read from the database since the start.
	 * @return the number of reads
	 */
	long reads() {
		return this.reads.get();
	}

	private synchronized void startTicking() {
		if (!this.running || (this.ticking != null && !this.ticking.isDone())) {
			return;
		}
		if (this.executor == null) {
			this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "taskflow-dashboard-live");
				thread.setDaemon(true);
				return thread;
			});
		}
		this.ticking = this.executor.schedule(this::tick, 0, TimeUnit.MILLISECONDS);
	}

	private void tick() {
		if (this.listeners.isEmpty() && stoppedTicking()) {
			return;
		}
		long started = System.nanoTime();
		String snapshot = null;
		try {
			this.reads.incrementAndGet();
			snapshot = Json.writeString(this.snapshots.overview());
			this.failing = false;
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				logger.warn("TaskFlow dashboard: could not read the live snapshot; trying again every "
						+ this.interval.toMillis() + " ms", ex);
				this.failing = true;
			}
		}
		if (snapshot != null) {
			this.latest = snapshot;
			for (SseBuilder listener : this.listeners) {
				if (!send(listener, snapshot)) {
					this.listeners.remove(listener);
				}
			}
		}
		scheduleNext(nextDelayMillis(this.interval, Duration.ofNanos(System.nanoTime() - started)));
	}

	/**
	 * How long to wait for the next snapshot: the interval, or longer when reading a
	 * snapshot took long (a job table too big for its counts), so that open dashboards
	 * never keep the database busy for more than a fifth of the time.
	 * @param interval the live interval
	 * @param read how long the last read took
	 * @return the delay in milliseconds
	 */
	static long nextDelayMillis(Duration interval, Duration read) {
		return Math.max(interval.toMillis(), READ_SHARE * read.toMillis());
	}

	private synchronized void scheduleNext(long delayMillis) {
		if (this.running && this.ticking != null && this.executor != null) {
			this.ticking = this.executor.schedule(this::tick, delayMillis, TimeUnit.MILLISECONDS);
		}
	}

	// a listener may have come since the check: it started no ticking of its own while
	// this tick ran, so look again under the lock, and tick on for it
	private synchronized boolean stoppedTicking() {
		if (!this.listeners.isEmpty()) {
			return false;
		}
		this.ticking = null;
		this.latest = null;
		return true;
	}

	private static boolean send(SseBuilder sse, String snapshot) {
		try {
			sse.event("snapshot").data(snapshot);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			sse.complete();
			return false;
		}
	}

	@Override
	public synchronized void start() {
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.ticking != null) {
			this.ticking.cancel(false);
			this.ticking = null;
		}
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
		for (SseBuilder listener : this.listeners) {
			listener.complete();
		}
		this.listeners.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// after the web server's graceful shutdown phase: stopped before it
		return Integer.MAX_VALUE;
	}

}
