package dev.taskflow.test.kit;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Component;

/**
 * Stamps with the application's own {@link Clock} bean ({@link KitTestApplication}): the
 * kit's clock must neither meet it (two beans of one type) nor replace it.
 *
 * @author TaskFlow
 */
@Component
public class Stamps {

	private final Clock clock;

	Stamps(Clock clock) {
		this.clock = clock;
	}

	/**
	 * The application's time now.
	 * @return the time
	 */
	public Instant now() {
		return this.clock.instant();
	}

	/**
	 * The application's clock.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

}
