package dev.taskflow.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * The TaskFlow sample: a web application whose endpoints enqueue jobs that its own
 * handlers run in the background.
 *
 * @author TaskFlow
 */
@SpringBootApplication
public class SampleApplication {

	private static final Log logger = LogFactory.getLog(SampleApplication.class);

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@EventListener
	void ready(ApplicationReadyEvent event) {
		Environment environment = event.getApplicationContext().getEnvironment();
		String port = environment.getProperty("local.server.port", "8080");
		logger.info("TaskFlow sample is up. Try: curl -s -X POST 'http://localhost:" + port
				+ "/jobs/burst?count=20' and then curl -s http://localhost:" + port + "/jobs/<id>");
	}

}
