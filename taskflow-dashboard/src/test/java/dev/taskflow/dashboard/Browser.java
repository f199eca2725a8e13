package dev.taskflow.dashboard;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The machine's own Chromium, headless, driven by its own ChromeDriver (Debian's
 * {@code chromium} and {@code chromium-driver}, or the paths in {@code TASKFLOW_CHROMIUM}
 * and {@code TASKFLOW_CHROMEDRIVER}): nothing is downloaded. Without them the browser
 * tests are skipped loudly, or fail when {@code CI=true}.
 *
 * @author TaskFlow
 */
final class Browser implements AutoCloseable {

	static final String CHROMIUM = env("TASKFLOW_CHROMIUM", "/usr/bin/chromium");

	static final String CHROMEDRIVER = env("TASKFLOW_CHROMEDRIVER", "/usr/bin/chromedriver");

	private final ChromeDriver driver;

	private Browser(int width, int height) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=" + width + "," + height, "--lang=en-GB");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().window().setSize(new Dimension(width, height));
	}

	/**
	 * A desktop-sized browser.
	 * @return the browser
	 */
	public static Browser open() {
		return open(1280, 900);
	}

	/**
	 * A browser of the given size.
	 * @param width the window's width
	 * @param height the window's height
	 * @return the browser
	 */
	public static Browser open(int width, int height) {
		requireChromium();
		return new Browser(width, height);
	}

	public WebDriver driver() {
		return this.driver;
	}

	public WebDriverWait waiting() {
		return new WebDriverWait(this.driver, Duration.ofSeconds(20));
	}

	/**
	 * The errors the page wrote to its console, but for the refusals (403, 409) that a
	 * test provokes on purpose: Chromium logs every response of 400 and above as a failed
	 * resource.
	 * @return the error lines
	 */
	public List<String> consoleErrors() {
		return this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.filter((message) -> !message.contains("status of 403") && !message.contains("status of 409"))
			.toList();
	}

	/**
	 * Run axe-core on the page.
	 * @return the serious and critical violations, by rule, with their nodes
	 */
	public Map<String, String> seriousAccessibilityViolations() {
		Results results = new AxeBuilder().analyze(this.driver);
		return results.getViolations()
			.stream()
			.filter((rule) -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.collect(Collectors.toMap(Rule::getId, (rule) -> rule.getHelp() + ": "
					+ rule.getNodes().stream().map((node) -> node.getTarget().toString()).toList()));
	}

	/**
	 * Save a screenshot of the window.
	 * @param file where to
	 * @throws Exception on failure
	 */
	public void screenshot(Path file) throws Exception {
		Files.createDirectories(file.getParent());
		Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
	}

	@Override
	public void close() {
		this.driver.quit();
	}

	static void requireChromium() {
		if (new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute()) {
			return;
		}
		String message = "*** Chromium (" + CHROMIUM + ") or ChromeDriver (" + CHROMEDRIVER + ") is missing: the"
				+ " dashboard's browser tests are SKIPPED. Install Debian's chromium and chromium-driver"
				+ " (apt-get install chromium chromium-driver), or set TASKFLOW_CHROMIUM and"
				+ " TASKFLOW_CHROMEDRIVER. ***";
		System.err.println(message);
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail(message + " CI requires the browser tests.");
		}
		Assumptions.abort(message);
	}

	private static String env(String name, String defaultValue) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : defaultValue;
	}

}
