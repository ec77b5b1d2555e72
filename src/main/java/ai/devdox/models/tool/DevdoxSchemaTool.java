package ai.devdox.models.tool;

import ai.devdox.models.bootstrap.DevdoxDatabaseException;
import ai.devdox.models.bootstrap.JdbcUrls;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The schema tool: {@code ddl}, {@code verify}, {@code apply} and {@code demo} (the default).
 *
 * <pre>
 * mvn -q compile exec:java                                  # the demo, on an embedded PostgreSQL
 * mvn -q compile exec:java -Dexec.args="verify --url jdbc:postgresql://host:5432/db --user u"
 * </pre>
 *
 * <p>Exit codes: 0 done (for {@code verify}: the database matches), 1 drift (the database differs
 * from the entities, or the demo's checks failed), 2 bad input or the database could not be reached
 * or read. Errors are one line naming the problem and what to do; {@code --verbose} adds the stack
 * trace. Passwords are never printed.
 */
@Command(
    name = "devdox-schema",
    description = {
      "Prints, checks and creates the DevDox shared PostgreSQL schema of the devdox-ai-models"
          + " entities. Without a command it runs the demo."
    },
    subcommands = {
      DdlCommand.class,
      VerifyCommand.class,
      ApplyCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class DevdoxSchemaTool implements Callable<Integer> {

  /** Done; for {@code verify}, the database matches the entities. */
  public static final int EXIT_OK = 0;
  /** The database differs from the entities (or a demo check failed). */
  public static final int EXIT_DRIFT = 1;
  /** Bad input, or the database could not be reached or read. */
  public static final int EXIT_ERROR = 2;

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  /** Made by picocli. */
  public DevdoxSchemaTool() {}

  /** Runs the tool and exits the JVM with its exit code. */
  public static void main(String[] args) {
    configureLogging(List.of(args).contains("--verbose"));
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the tool with {@code args}, writing to {@code out} and {@code err}, and returns the exit
   * code ({@link #EXIT_OK}, {@link #EXIT_DRIFT} or {@link #EXIT_ERROR}) without exiting.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean verbose = List.of(args).contains("--verbose");
    PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
    PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
    CommandLine commandLine = new CommandLine(new DevdoxSchemaTool());
    commandLine.setOut(outWriter);
    commandLine.setErr(errWriter);
    commandLine.setParameterExceptionHandler(
        (ParameterException e, String[] arguments) -> {
          String command = e.getCommandLine().getCommandSpec().name();
          String help =
              e.getCommandLine().getCommandSpec().parent() == null
                  ? "--help"
                  : command + " --help";
          errWriter.println(
              "error: " + Secrets.scrub(oneLine(e.getMessage()), arguments) + "; run " + help
                  + " for the options");
          if (verbose) {
            e.printStackTrace(errWriter);
          }
          return EXIT_ERROR;
        });
    commandLine.setExecutionExceptionHandler(
        (Exception e, CommandLine failed, CommandLine.ParseResult parsed) -> {
          errWriter.println("error: " + Secrets.scrub(describe(e), args));
          if (verbose) {
            e.printStackTrace(errWriter);
          } else if (!(e instanceof ToolException
              || e instanceof DevdoxDatabaseException
              || e instanceof SQLException
              || e instanceof IllegalArgumentException)) {
            errWriter.println("(run with --verbose for the stack trace)");
          }
          return EXIT_ERROR;
        });
    try {
      return commandLine.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** No command: the demo with its defaults. */
  @Override
  public Integer call() throws Exception {
    DemoCommand demo = new DemoCommand();
    demo.spec = spec;
    demo.common = common;
    return demo.call();
  }

  private static String describe(Exception e) {
    if (e instanceof SQLException sql) {
      return "could not read the database: " + oneLine(sql.getMessage())
          + (sql.getSQLState() == null ? "" : " (SQLState " + sql.getSQLState() + ")");
    }
    if (e instanceof ToolException
        || e instanceof DevdoxDatabaseException
        || e instanceof IllegalArgumentException) {
      return oneLine(e.getMessage());
    }
    return "unexpected " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
  }

  static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    String line = text.strip();
    int newline = line.indexOf('\n');
    return JdbcUrls.redact(newline < 0 ? line : line.substring(0, newline).strip());
  }

  /**
   * java.util.logging at WARNING (INFO with {@code --verbose}), one line per record: Hibernate,
   * HikariCP and the embedded PostgreSQL report there, and the demo's own summary stays readable.
   */
  static void configureLogging(boolean verbose) {
    Level level = verbose ? Level.INFO : Level.WARNING;
    Logger root = Logger.getLogger("");
    root.setLevel(level);
    Formatter oneLine =
        new Formatter() {
          @Override
          public String format(LogRecord record) {
            return "[" + record.getLevel() + "] " + record.getLoggerName() + ": "
                + formatMessage(record) + System.lineSeparator();
          }
        };
    for (Handler handler : root.getHandlers()) {
      handler.setLevel(level);
      handler.setFormatter(oneLine);
    }
    if (!verbose) {
      // Hibernate logs every SQL error it converts, including the demo's expected unique
      // violation; the tool reports failures itself.
      for (Logger logger : QUIETED) {
        logger.setLevel(Level.OFF);
      }
    }
  }

  /** Held here: java.util.logging keeps only weak references to configured loggers. */
  private static final List<Logger> QUIETED =
      List.of(
          Logger.getLogger("org.hibernate.orm.jdbc.error"),
          Logger.getLogger("org.hibernate.engine.jdbc.spi.SqlExceptionHelper"));
}
