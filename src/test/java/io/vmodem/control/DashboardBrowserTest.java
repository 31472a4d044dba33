package io.vmodem.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.FaultSetup;
import io.vmodem.runtime.Fleet;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.MqttBroker;
import io.vmodem.time.EventLoopScheduler;
import io.vmodem.transport.tcp.TcpLinkServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * against real modems on the TCP link that the test drives as the host: a modem appears when its link
 * connects, an {@code AT} sent over the link shows in the trace, "Drop PDP context" reaches the host
 * as the module's URC, and a fault this build cannot do says so on the page. The last test saves the
 * screenshots the README shows ({@code target/dashboard-*.png}; copies in {@code docs/}).
 *
 * <p>Skipped, saying why, only where Chromium or its driver is not installed; CI installs both.
 */
class DashboardBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NO_CHROMIUM =
            "Chromium is not installed (apt-get install chromium chromium-driver): the dashboard's browser tests"
                    + " are skipped";

    private static Fleet fleet;
    private static TcpLinkServer links;
    private static InetSocketAddress link;
    private static ControlServer control;
    private static Http http;
    private static Path profile;
    private static WebDriver driver;
    private static int failures;

    @BeforeAll
    static void start() throws Exception {
        Path chromium = installed("vmodem.chromium", "chromium", "chromium-browser");
        Path chromedriver = installed("vmodem.chromedriver", "chromedriver");
        assumeTrue(chromium != null && chromedriver != null, NO_CHROMIUM);

        fleet = new Fleet(FaultSetup.NONE, 500);
        ModemFactory factory = new ModemFactory(
                ModemHarness.host(),
                new Bg96Dialect(),
                // these modems run in real time: booting need not take a module's time here
                ModemSettings.defaults().withBootDelay(Duration.ofMillis(20)).withRebootDelay(Duration.ofMillis(100)),
                5000,
                LinkLayers.NONE,
                EventLoopScheduler::new,
                fleet);
        links = new TcpLinkServer(factory);
        link = links.start(new InetSocketAddress("127.0.0.1", 0));
        control = ControlServer.start(fleet, new ControlServer.Options("127.0.0.1", 0, null));
        http = new Http(control.url(), null);

        Files.createDirectories(Path.of("target"));
        profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--force-device-scale-factor=1",
                "--lang=en-US",
                "--window-size=1440,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (control != null) {
            control.close();
            links.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @BeforeEach
    void freshPage() {
        driver.get("about:blank");
        driver.manage().window().setSize(new Dimension(1440, 1000));
    }

    /** The program's path: the system property, else the first on PATH; null when there is none. */
    private static Path installed(String property, String... names) {
        String given = System.getProperty(property);
        if (given != null) {
            return Files.isExecutable(Path.of(given)) ? Path.of(given) : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    // ---- the host's side ----

    private static FleetHost connect() throws Exception {
        return FleetHost.connect(fleet, link);
    }

    // ---- the browser's side ----

    private static void open(String route) {
        driver.get(control.url() + route);
    }

    private static <T> T await(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT, Duration.ofMillis(50))
                    .withMessage(what)
                    .ignoring(NoSuchElementException.class)
                    .ignoring(StaleElementReferenceException.class)
                    .until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": not within " + WAIT.toSeconds() + " s; the page is in " + evidence(), e);
        }
    }

    /** What the page shows and said, for a failed wait: a screenshot and the browser's console. */
    private static String evidence() {
        Path shot = Path.of("target", "dashboard-failure-" + (++failures) + ".png");
        try {
            Files.copy(
                    ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(),
                    shot,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            return "(no screenshot: " + e + ")";
        }
        String console = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::toString)
                .collect(Collectors.joining("\n  "));
        return shot + "; console:\n  " + console;
    }

    /** The list's row of modem {@code id}, once it shows the modem powered on. */
    private static WebElement row(long id) {
        return row(id, "on");
    }

    private static WebElement row(long id, String power) {
        return await("the list shows m" + id + " power " + power, d -> {
            WebElement tr = d.findElement(By.cssSelector("tr[data-modem='" + id + "']"));
            return tr.findElement(By.cssSelector("td:nth-child(4) .badge"))
                            .getText()
                            .equals(power)
                    ? tr
                    : null;
        });
    }

    private static WebElement button(String text) {
        return driver.findElement(By.xpath("//button[normalize-space()='" + text + "']"));
    }

    /** The trace line of kind {@code kind} whose text is {@code text}, once the page shows it. */
    private static WebElement traceLine(String kind, String text) {
        return await("the trace shows " + kind + " " + text, d -> d.findElement(By.xpath(traceLineXpath(kind, text))));
    }

    /** The XPath of such a line (one query, however long the trace). */
    private static String traceLineXpath(String kind, String text) {
        assertThat(kind + text).doesNotContain("'");
        return "//*[@id='trace']/div[@data-kind='" + kind + "'][span[@class='x']='" + text + "']";
    }

    private static String resultOf(String control) {
        return await(control + " answers", d -> {
            String text = d.findElement(By.id("c-" + control + "-result")).getText();
            return text.isEmpty() ? null : text;
        });
    }

    // ---- the tests ----

    @Test
    void aModemAppearsInTheListWhenItsLinkConnectsAndGoesWhenItCloses() throws Exception {
        open("");
        await(
                "the list has loaded",
                d -> !d.findElement(By.id("modem-count")).getText().equals("Loading…"));
        long id;
        try (FleetHost h = connect()) {
            id = h.id();
            WebElement tr = row(id);
            assertThat(tr.findElement(By.cssSelector("td:first-child a")).getText())
                    .isEqualTo("m" + id);
            assertThat(tr.findElement(By.cssSelector("td:nth-child(2)")).getText())
                    .isEqualTo("BG96");
            assertThat(tr.findElement(By.cssSelector("td:nth-child(3)")).getText())
                    .startsWith("tcp 127.0.0.1:");
            assertThat(tr.findElement(By.cssSelector("td:nth-child(5)")).getText())
                    .isEqualTo("registered");
        }
        await("the row goes with the link", d -> d.findElements(By.cssSelector("tr[data-modem='" + id + "']"))
                .isEmpty());
    }

    @Test
    void anAtSentOverTheLinkShowsInTheModemsLiveTraceInTheHostsColour() throws Exception {
        try (FleetHost h = connect()) {
            open("#/modems/" + h.id());
            await(
                    "the trace is live",
                    d -> d.findElement(By.cssSelector(".trace-foot")).getText().startsWith("Live"));
            h.link().send("AT");
            h.link().until("OK\r\n");
            WebElement at = traceLine(">", "AT\\r\\n");
            assertThat(at.getAttribute("class")).contains("k-in");
            WebElement ok = await(
                    "the modem's OK after it",
                    d -> d.findElement(By.xpath(traceLineXpath(">", "AT\\r\\n")
                            + "/following-sibling::div[@data-kind='<'][span[@class='x']='\\r\\nOK\\r\\n']")));
            assertThat(ok.getAttribute("class")).contains("k-out");
            assertThat(ok.findElement(By.cssSelector(".k")).getCssValue("color"))
                    .isNotEqualTo(at.findElement(By.cssSelector(".k")).getCssValue("color"));

            button("Pause").click();
            h.link().command("ATI");
            await(
                    "the held line is counted",
                    d -> d.findElement(By.cssSelector(".trace-foot")).getText().contains("new lines held"));
            assertThat(driver.findElements(By.xpath("//*[@id='trace']//span[@class='x'][starts-with(., 'ATI')]")))
                    .isEmpty();
            button("Resume").click();
            traceLine(">", "ATI\\r\\n");
        }
    }

    @Test
    void droppingThePdpContextFromThePageReachesTheHostAsTheModulesUrc() throws Exception {
        try (FleetHost h = connect()) {
            h.link().command("AT+QIACT=1");
            open("#/modems/" + h.id());
            await("the page shows context 1 active", d -> d.findElement(By.cssSelector("#contexts tbody"))
                    .getText()
                    .startsWith("1 active"));
            button("Drop PDP context").click();
            assertThat(h.link().until("+QIURC: \"pdpdeact\",1\r\n")).isEqualTo("\r\n+QIURC: \"pdpdeact\",1\r\n");
            assertThat(resultOf("pdp")).contains("dropped");
            await("the trace shows the fault", d -> d.findElements(By.cssSelector("#trace .tl.k-fault")).stream()
                    .anyMatch(l -> l.getText().contains("pdp-drop")));
        }
    }

    @Test
    void anMqttClientTheHostOpensShowsAmongTheServicesUntilItCloses() throws Exception {
        try (FleetHost h = connect();
                MqttBroker broker = MqttBroker.plain().start()) {
            h.link().command("AT+QIACT=1");
            h.link().send("AT+QMTOPEN=0,\"" + broker.host() + "\"," + broker.port());
            h.link().until("+QMTOPEN: 0,0\r\n");
            open("#/modems/" + h.id());
            String row = "MQTT 1 " + broker.host() + ":" + broker.port() + " open";
            await("the services show the MQTT client", d -> d.findElement(By.cssSelector("#services tbody"))
                    .getText()
                    .equals(row));
            h.link().send("AT+QMTCLOSE=0");
            h.link().until("+QMTCLOSE: 0,0\r\n");
            await(
                    "the services say none is under way",
                    d -> !d.findElement(By.id("services")).isDisplayed()
                            && d.findElement(By.xpath("//p[normalize-space()='No service under way.']"))
                                    .isDisplayed());
        }
    }

    @Test
    void aConditionSetAndABadValueAreShownWhereTheyWereAsked() throws Exception {
        try (FleetHost h = connect()) {
            open("#/modems/" + h.id());
            button("Set latency").click();
            await("the latency is in force", d -> d.findElements(By.cssSelector(".chips li")).stream()
                    .anyMatch(l -> l.getText().contains("latency")));
            assertThat(driver.findElement(By.id("c-latency-result")).getAttribute("class"))
                    .doesNotContain("unavailable");

            WebElement rssi = driver.findElement(By.id("c-signal-rssi"));
            rssi.clear();
            rssi.sendKeys("40");
            button("Set signal").click();
            assertThat(resultOf("signal"))
                    .startsWith("Bad Request (400)")
                    .contains("rssi: expected 0..31 or 99, got 40");
            assertThat(rssi.getAttribute("aria-invalid")).isEqualTo("true");
        }
    }

    /** The pages read their state four times a second: the charts fill in a quarter of the time. */
    private static final String FAST = "?refresh=250";

    /**
     * A few modems in different states, some traffic, then the list and one modem's page, light and
     * dark, under {@code target/}. The README shows copies from {@code docs/}.
     */
    @Test
    void screenshotsOfTheListAndOfAModem() throws Exception {
        List<FleetHost> hosts = new ArrayList<>();
        try (ControlledServer server = new ControlledServer()) {
            for (int i = 0; i < 7; i++) {
                hosts.add(connect());
            }
            FleetHost busy = hosts.get(0);
            busy.link().command("AT+QICSGP=1,1,\"iot.example\",\"\",\"\"");
            busy.link().command("AT+QIACT=1");
            busy.link().send("AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + server.port() + ",0,0");
            busy.link().until("+QIOPEN: 0,0\r\n");
            server.awaitClient();
            hosts.get(1).link().command("AT+QIACT=1");
            http.put("/api/modems/" + hosts.get(2).id() + "/conditions/signal", "{\"rssi\": 6}");
            http.put("/api/modems/" + hosts.get(3).id() + "/conditions/registration", "{\"state\": \"denied\"}");
            http.put("/api/modems/" + hosts.get(4).id() + "/conditions/registration", "{\"state\": \"searching\"}");
            http.post("/api/modems/" + hosts.get(5).id() + "/power", "{\"action\": \"off\"}");

            open(FAST);
            for (FleetHost h : hosts) {
                row(h.id(), h == hosts.get(5) ? "off" : "on");
            }
            history(hosts, By.cssSelector("tr[data-modem='" + busy.id() + "'] svg.spark"), 8);
            screenshot("dashboard-list");

            open(FAST + "#/modems/" + busy.id());
            await(
                    "the trace is live",
                    d -> d.findElement(By.cssSelector(".trace-foot")).getText().startsWith("Live"));
            history(hosts, By.cssSelector(".chart"), 8);
            // a session as a driver runs it, after the traffic: the trace ends with it
            busy.link().send("AT+QISEND=0,5");
            busy.link().until("> ");
            busy.link().send("hello");
            busy.link().until("SEND OK\r\n");
            server.last().send("howdy!");
            busy.link().until("+QIURC: \"recv\",0\r\n");
            busy.link().send("AT+QIRD=0,1500");
            busy.link().until("OK\r\n");
            busy.link().send("AT+QISEND=12,5");
            busy.link().until("ERROR\r\n");
            WebElement rssi = driver.findElement(By.id("c-signal-rssi"));
            rssi.clear();
            rssi.sendKeys("14");
            button("Set signal").click();
            resultOf("signal");
            button("Set latency").click();
            resultOf("latency");
            busy.link().command("AT+QISTATE=1,0");
            traceLine(">", "AT+QISTATE=1,0\\r\\n");
            screenshot("dashboard-modem");

            button("Theme: auto").click();
            button("Theme: light").click();
            await("the dark theme", d -> "dark"
                    .equals(d.findElement(By.tagName("html")).getAttribute("data-scheme")));
            screenshot("dashboard-modem-dark");
            open(FAST);
            history(hosts, By.cssSelector("tr[data-modem='" + busy.id() + "'] svg.spark"), 4);
            screenshot("dashboard-list-dark");
            ((JavascriptExecutor) driver).executeScript("localStorage.clear()");
        } finally {
            for (FleetHost h : hosts) {
                h.close();
            }
        }
        assertThat(Path.of("target", "dashboard-list.png")).isNotEmptyFile();
        assertThat(Path.of("target", "dashboard-modem.png")).isNotEmptyFile();
    }

    /** Waits, with traffic flowing, until the chart at {@code chart} has {@code points} points. */
    private static void history(List<FleetHost> hosts, By chart, int points) {
        await(points + " points of history", d -> {
            traffic(hosts);
            String drawn = d.findElement(chart).getAttribute("data-points");
            return drawn != null && Integer.parseInt(drawn) >= points;
        });
    }

    /** A little traffic that varies from second to second, so the sparklines have a shape. */
    private static void traffic(List<FleetHost> hosts) {
        long second = System.currentTimeMillis() / 1000;
        try {
            for (int i = 0; i < 4; i++) {
                int n = 1 + (int) ((second * (i + 3) + i * 5) % 7);
                // the answers wait unread: a later until() reads past them
                hosts.get(i).link().send("AT" + ";+CSQ".repeat(n));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long number(JavascriptExecutor js, String expression) {
        return ((Number) js.executeScript("return " + expression)).longValue();
    }

    /** Saves the page as {@code target/NAME.png}, the window as tall as what the page shows. */
    private static void screenshot(String name) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript("window.scrollTo(0, 0)");
        long height = Math.min(
                2400,
                number(
                        js,
                        "Math.ceil(document.querySelector('main').getBoundingClientRect().bottom + window.scrollY)"));
        long chrome = number(js, "window.outerHeight - window.innerHeight");
        driver.manage().window().setSize(new Dimension(1440, (int) (height + chrome)));
        await("the window grows to the page's height", d -> number(js, "window.innerHeight") >= height);
        File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(new Dimension(1440, 1000));
    }
}
