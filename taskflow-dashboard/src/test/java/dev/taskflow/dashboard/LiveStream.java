package dev.taskflow.dashboard;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An open event stream of the dashboard, as a browser's {@code EventSource} holds it,
 * counting the snapshots it receives.
 *
 * @author TaskFlow
 */
final class LiveStream implements AutoCloseable {

	private final AtomicInteger snapshots = new AtomicInteger();

	private final AtomicReference<String> lastData = new AtomicReference<>();

	private final Thread reader;

	private volatile InputStream body;

	private LiveStream(HttpClient http, URI uri) {
		this.reader = new Thread(() -> read(http, uri), "live-stream-test");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	static LiveStream open(HttpClient http, URI uri) {
		return new LiveStream(http, uri);
	}

	int snapshots() {
		return this.snapshots.get();
	}

	String lastData() {
		return this.lastData.get();
	}

	private void read(HttpClient http, URI uri) {
		try {
			HttpResponse<InputStream> response = http.send(
					HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
			this.body = response.body();
			try (BufferedReader lines = new BufferedReader(new InputStreamReader(this.body, StandardCharsets.UTF_8))) {
				String event = null;
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.startsWith("event:")) {
						event = line.substring(6).trim();
					}
					else if (line.startsWith("data:") && "snapshot".equals(event)) {
						this.lastData.set(line.substring(5));
						this.snapshots.incrementAndGet();
					}
					else if (line.isEmpty()) {
						event = null;
					}
				}
			}
		}
		catch (Exception ex) {
			// closed by the test
		}
	}

	@Override
	public void close() {
		try {
			InputStream stream = this.body;
			if (stream != null) {
				stream.close();
			}
		}
		catch (Exception ex) {
			// closing anyway
		}
		this.reader.interrupt();
	}

}
