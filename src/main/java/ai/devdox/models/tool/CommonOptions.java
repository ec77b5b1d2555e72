package ai.devdox.models.tool;

import picocli.CommandLine.Option;

/** The options every command has. */
final class CommonOptions {

  @Option(names = "--verbose", description = "Print stack traces and the libraries' log messages.")
  boolean verbose;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;
}
