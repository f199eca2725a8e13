package dev.taskflow.engine;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates time-ordered UUIDs (version 7, RFC 9562): ids made in the application, so
 * inserts batch, and close to insertion order, so the primary key index stays compact.
 *
 * @author TaskFlow
 */
public final class JobIds {

	private JobIds() {
	}

	/**
	 * A new id.
	 * @return the id
	 */
	public static UUID next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long millis = System.currentTimeMillis();
		long mostSignificant = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
		long leastSignificant = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(mostSignificant, leastSignificant);
	}

}
