package dev.taskflow.test.kit;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the test kit's tests run: a sign-up service that enqueues a mail, and
 * handlers for mails, reports, chains and failures.
 *
 * @author TaskFlow
 */
@SpringBootApplication
public class KitTestApplication {

}
