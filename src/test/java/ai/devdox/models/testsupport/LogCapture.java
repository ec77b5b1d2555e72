package ai.devdox.models.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Captures everything logged while it is open, with statement logging on: SLF4J/Logback at DEBUG
 * everywhere, Hibernate's SQL at DEBUG and its bind and extract logging at TRACE, HikariCP at
 * DEBUG (its configuration dump), pgjdbc's java.util.logging at FINE, and whatever is printed to
 * standard out and error. Restores the previous levels and streams on {@link #close()}.
 */
public final class LogCapture implements AutoCloseable {

  private static final Map<String, Level> LEVELS = new LinkedHashMap<>();

  static {
    LEVELS.put(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.DEBUG);
    LEVELS.put("org.hibernate", Level.DEBUG);
    LEVELS.put("org.hibernate.SQL", Level.DEBUG);
    LEVELS.put("org.hibernate.orm.jdbc.bind", Level.TRACE);
    LEVELS.put("org.hibernate.orm.jdbc.extract", Level.TRACE);
    LEVELS.put("com.zaxxer.hikari", Level.DEBUG);
  }

  private final StringBuffer text = new StringBuffer();
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Map<String, Level> previous = new LinkedHashMap<>();
  private final AppenderBase<ILoggingEvent> appender;
  private final java.util.logging.Logger pgjdbc = java.util.logging.Logger.getLogger("org.postgresql");
  private final java.util.logging.Level pgjdbcPrevious = pgjdbc.getLevel();
  private final Handler julHandler;
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final java.util.List<ch.qos.logback.core.Appender<ILoggingEvent>> consoleAppenders =
      new java.util.ArrayList<>();
  private int events;

  private LogCapture() {
    appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            record(event.getLevel() + " " + event.getLoggerName() + " - "
                + event.getFormattedMessage()
                + (event.getThrowableProxy() == null
                    ? ""
                    : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())));
          }
        };
    appender.setContext(context);
    appender.start();
    for (Map.Entry<String, Level> entry : LEVELS.entrySet()) {
      Logger logger = context.getLogger(entry.getKey());
      previous.put(entry.getKey(), logger.getLevel());
      logger.setLevel(entry.getValue());
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    // The console would print thousands of DEBUG lines into the build output; the capture keeps
    // them instead.
    root.iteratorForAppenders().forEachRemaining(consoleAppenders::add);
    consoleAppenders.forEach(root::detachAppender);
    root.addAppender(appender);
    julHandler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String message = new java.util.logging.SimpleFormatter().formatMessage(record);
            StringBuilder line = new StringBuilder("JUL " + record.getLoggerName() + " - " + message);
            if (record.getThrown() != null) {
              java.io.StringWriter trace = new java.io.StringWriter();
              record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
              line.append('\n').append(trace);
            }
            record(line.toString());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    julHandler.setLevel(java.util.logging.Level.ALL);
    pgjdbc.setLevel(java.util.logging.Level.FINE);
    pgjdbc.addHandler(julHandler);
    System.setOut(new PrintStream(tee(out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(tee(err), true, StandardCharsets.UTF_8));
  }

  /** Starts capturing. */
  public static LogCapture start() {
    return new LogCapture();
  }

  private synchronized void record(String line) {
    events++;
    text.append(line).append('\n');
  }

  private OutputStream tee(PrintStream original) {
    return new OutputStream() {
      private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

      @Override
      public synchronized void write(int b) {
        original.write(b);
        pending.write(b);
        if (b == '\n') {
          flushLine();
        }
      }

      @Override
      public synchronized void flush() {
        original.flush();
      }

      private void flushLine() {
        text.append(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
      }
    };
  }

  /** Everything captured so far. */
  public String text() {
    return text.toString();
  }

  /** How many log events were captured (printed lines not counted). */
  public synchronized int events() {
    return events;
  }

  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
    pgjdbc.removeHandler(julHandler);
    pgjdbc.setLevel(pgjdbcPrevious);
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(appender);
    consoleAppenders.forEach(root::addAppender);
    appender.stop();
    previous.forEach((name, level) -> context.getLogger(name).setLevel(level));
  }
}
