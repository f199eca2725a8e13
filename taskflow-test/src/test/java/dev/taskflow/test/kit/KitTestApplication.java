package dev.taskflow.test.kit;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The application the test kit's tests run: a sign-up service that enqueues a mail, and
 * handlers for mails, reports, chains and failures, and a {@link Clock} bean of its own.
 *
 * @author TaskFlow
 */
@SpringBootApplication
public class KitTestApplication {

	/**
	 * The application's own clock, as many applications define one.
	 * @return the clock
	 */
	@Bean
	Clock applicationClock() {
		return Clock.systemUTC();
	}

}
