package ai.devdox.models.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark with tiny sizes, so it keeps compiling and running: every workload prints its
 * RESULT line and the claims stay exclusive. Timings are printed, never asserted.
 */
class BenchmarkSmokeTest {

  private static final String NUMBER = "\\d+(?:\\.\\d+)?";

  @Test
  void everyWorkloadPrintsItsResultLineAndNoMessageIsClaimedTwice() throws Exception {
    BenchOptions options = BenchOptions.parse("--chunks", "40", "--claims", "80", "--workers",
        "4", "--repos", "400", "--user-repos", "60", "--repo-chunks", "30", "--pages", "6",
        "--rounds", "1", "--warmup", "1", "--embedding", "16");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Benchmark.Report report;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      report = Benchmark.run(options, Benchmark.Target.testDatabase(), out);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(output);

    String otherIds = IdKind.libraryDefault() == IdKind.V4 ? "W1-v7" : "W1-v4";
    for (String workload : List.of("W1", otherIds, "W2", "W3", "W4", "W5")) {
      Pattern line = Pattern.compile("^RESULT " + workload + " lib=" + NUMBER + " jdbc=" + NUMBER
          + " ratio=" + NUMBER + " limit=(?:" + NUMBER + "|-) peak_heap_mb=\\d+$",
          Pattern.MULTILINE);
      assertThat(line.matcher(output).find()).as("RESULT line of " + workload).isTrue();
    }
    assertThat(output).contains("RESULT W1 ").containsPattern("RESULT W1 .* limit=" + NUMBER);

    Matcher claims = Pattern.compile("^CHECK W2 round=\\d+ side=(lib|jdbc) claimed=(\\d+) .*"
        + "double_claims=(\\d+) unclaimed=(\\d+) mismatched_rows=(\\d+)$", Pattern.MULTILINE)
        .matcher(output);
    int checks = 0;
    while (claims.find()) {
      checks++;
      assertThat(claims.group(2)).as(claims.group()).isEqualTo("80");
      assertThat(claims.group(3)).as(claims.group()).isEqualTo("0");
      assertThat(claims.group(4)).as(claims.group()).isEqualTo("0");
      assertThat(claims.group(5)).as(claims.group()).isEqualTo("0");
    }
    assertThat(checks).as("a W2 check per side and round").isEqualTo(4);
    assertThat(report.doubleClaims()).isZero();
    assertThat(output).contains("CHECK W1 identical_rows=yes", "CHECK W3 same_pages=yes",
        "CHECK W4 same_values=yes");
    assertThat(report.problems()).isEmpty();
    assertThat(output).contains("| W5 |");
  }

  @Test
  void badOptionsAreNamedWithWhatToDo() {
    assertThatThrownBy(() -> BenchOptions.parse("--chunks", "many"))
        .hasMessageContaining("--chunks is 'many', not a whole number");
    assertThatThrownBy(() -> BenchOptions.parse("--workers", "0"))
        .hasMessageContaining("--workers is 0; use 1 or more");
    assertThatThrownBy(() -> BenchOptions.parse("--chunkz", "5"))
        .hasMessageContaining("unknown option --chunkz");
    assertThatThrownBy(() -> BenchOptions.parse("--only", "W9"))
        .hasMessageContaining("--only names 'W9'");
    assertThatThrownBy(() -> BenchOptions.parse("--user-repos", "300", "--repos", "200"))
        .hasMessageContaining("--user-repos 300 is more than --repos 200");
    assertThatThrownBy(() -> BenchOptions.parse("--url", "postgres://secret@host/db"))
        .hasMessage("--url must start with jdbc:postgresql://");
    assertThat(BenchOptions.parse("--chunks 500 --only W3,W1").chunks()).isEqualTo(500);
    assertThat(BenchOptions.parse("--only", "w3,W1").workloads()).containsExactly("W1", "W3");
  }
}
